package ro.clickphone.privacy.crypto.pseudonym;

import ro.clickphone.privacy.crypto.FieldContext;
import ro.clickphone.privacy.crypto.FieldEncryptor;
import ro.clickphone.privacy.crypto.internal.ReservedFields;
import ro.clickphone.privacy.spi.SubjectId;

/** Writes vault rows the way earlier versions did, to test that they still read. */
final class VaultFieldsForTest {

    private VaultFieldsForTest() {
    }

    static byte[] encrypt(FieldEncryptor fields, SubjectId subject, FieldContext context, byte[] plaintext) {
        return ReservedFields.of(fields).encrypt(fields, subject, context, plaintext);
    }

    static byte[] lookup(FieldEncryptor fields, SubjectId subject, FieldContext context, byte[] value) {
        return ReservedFields.of(fields).lookup(fields, subject, context, value);
    }
}
