package ro.clickphone.privacy.hibernate.internal;

import ro.clickphone.privacy.crypto.FieldContext;
import ro.clickphone.privacy.crypto.search.BlindIndexField;

/**
 * One {@code @Encrypted} attribute of an entity, resolved once per persister at boot.
 *
 * @param name the Java attribute name
 * @param index its index in the persister's state arrays
 * @param context its field context (entity, policy field id, key scope), without a record id
 * @param binary whether the attribute is a {@code byte[]} (else a {@code String})
 * @param blind the blind index field, or null
 * @param blindIndex the index of the blind-index target attribute in the state arrays, or -1
 * @param blindName the Java name of the blind-index target, or null
 */
record EncryptedAttribute(String name, int index, FieldContext context, boolean binary, BlindIndexField blind,
        int blindIndex, String blindName) {

    /** Names the attribute, field and scope, nothing of any value. */
    String describe(String entity) {
        return entity + "." + name + " (policy field " + context.field() + ", key scope " + context.scope().name() + ")";
    }
}
