/**
 * Transparent field encryption of an application's own entities on Hibernate ORM 7: attributes marked
 * {@link ro.clickphone.privacy.jpa.Encrypted} are plaintext in the entity and ciphertext in the database, under
 * the key of the row's {@link ro.clickphone.privacy.jpa.DataSubject}; {@link ro.clickphone.privacy.jpa.BlindIndex}
 * keeps an equality-search column beside them. The module registers itself with Hibernate through an
 * {@code Integrator} found by {@code ServiceLoader}; a persistence unit turns it on by passing the kit as the
 * {@link ro.clickphone.privacy.hibernate.FieldEncryption#KIT} property. See {@link
 * ro.clickphone.privacy.hibernate.FieldEncryption} for the settings, what is checked at boot and the limits.
 */
package ro.clickphone.privacy.hibernate;
