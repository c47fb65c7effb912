/**
 * The vocabulary of the ClickPhone Privacy SDK and the interfaces its plugins implement.
 *
 * <p>Everything here is an immutable value type, an exception, or a small plugin interface. The
 * package depends on the JDK alone, so a plugin author (a KMS, a database, an SMTP relay) compiles
 * against it without pulling in the rest of the SDK.
 *
 * <p>Value types validate their arguments on construction and never print personal data from
 * {@code toString()}: an identifier that may be personal data (a {@link SubjectId}, the id of a
 * {@link RecordRef}) prints only a short keyed fingerprint. Failures are unchecked exceptions rooted
 * at {@link PrivacyException}; their messages name what is wrong, never the offending value.
 */
package ro.clickphone.privacy.spi;
