/**
 * The envelope family, on the JCE: per-subject data keys wrapped by a key-encryption key, with
 * crypto-shredding and rotation ({@link ro.clickphone.privacy.crypto.EnvelopeKeys}), field encryption
 * ({@link ro.clickphone.privacy.crypto.FieldEncryptor}) and streaming encryption of large values
 * ({@link ro.clickphone.privacy.crypto.StreamEncryptor}), bound to a
 * {@link ro.clickphone.privacy.crypto.FieldContext}.
 *
 * <p>The other rooms: key-encryption-key providers in {@link ro.clickphone.privacy.crypto.kek},
 * searchable fields in {@link ro.clickphone.privacy.crypto.search}, signers in
 * {@link ro.clickphone.privacy.crypto.sign}, pseudonymization in
 * {@link ro.clickphone.privacy.crypto.pseudonym}, masking in {@link ro.clickphone.privacy.crypto.mask},
 * the kit-free CDR model and pseudonymizer in {@link ro.clickphone.privacy.crypto.cdr}.
 */
package ro.clickphone.privacy.crypto;
