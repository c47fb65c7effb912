package ro.clickphone.privacy.hibernate.internal;

import java.util.List;

/**
 * What field encryption does to one entity (one persister): its encrypted attributes and where the subject
 * and the row id are found.
 *
 * @param entityName Hibernate's entity name (the class name)
 * @param jpaName the JPA entity name
 * @param simpleName the entity's short name, for messages
 * @param subjectIndex the subject attribute's index in the state arrays, or -1 when the subject is the id
 * @param subjectName the subject attribute's Java name
 * @param bindsRecordId whether values are bound to the row id (false when the database generates the id
 *     during the insert, so it is unknown when the value is encrypted)
 * @param attributes the encrypted attributes
 */
record EntityModel(String entityName, String jpaName, String simpleName, int subjectIndex, String subjectName, boolean bindsRecordId,
        List<EncryptedAttribute> attributes) {

    EntityModel {
        attributes = List.copyOf(attributes);
    }

    /** Whether any attribute keeps a blind index. */
    boolean hasBlindIndex() {
        for (EncryptedAttribute a : attributes) {
            if (a.blind() != null) {
                return true;
            }
        }
        return false;
    }

    /** The attribute of a Java name, or null. */
    EncryptedAttribute attribute(String name) {
        for (EncryptedAttribute a : attributes) {
            if (a.name().equals(name)) {
                return a;
            }
        }
        return null;
    }
}
