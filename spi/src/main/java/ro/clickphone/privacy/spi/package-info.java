/**
 * The vocabulary of the ClickPhone Privacy SDK: values and exceptions. The interfaces plugins
 * implement live in one package per role: {@code spi.keys} (key-encryption keys, wrapped data keys,
 * signers), {@code spi.audit}, {@code spi.consent}, {@code spi.account}, {@code spi.vault}; every
 * in-memory store and the {@code Stores} bundle in {@code spi.memory}.
 *
 * <p>Everything here is an immutable value type, an exception, the one name syntax ({@link Names})
 * or the {@link Experimental} marker. The module depends on the JDK alone, so a plugin author (a
 * KMS, a database, an SMTP relay) compiles against it without pulling in the rest of the SDK.
 *
 * <p>Value types validate their arguments on construction and never print personal data from
 * {@code toString()}: an identifier that may be personal data (a {@link SubjectId}, the id of a
 * {@link RecordRef}) prints only a short keyed fingerprint. Failures are unchecked exceptions rooted
 * at {@link PrivacyException}; their messages name what is wrong, never the offending value.
 */
package ro.clickphone.privacy.spi;
