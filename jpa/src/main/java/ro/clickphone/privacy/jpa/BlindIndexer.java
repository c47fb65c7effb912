package ro.clickphone.privacy.jpa;

import java.util.List;
import ro.clickphone.privacy.spi.ConfigurationException;

/**
 * Computes the value of a {@link BlindIndex} companion column from the plaintext of the indexed attribute,
 * as every writer of the column computes it (with the kit: {@code kit.blindIndex().field(entity, field,
 * normalization, bits).compute(value)}). The {@link JpaPersonalDataSource} uses it to recompute the column
 * when it rectifies the attribute, and to look a value up ({@link JpaPersonalDataSource#findBySearchable}).
 *
 * <p>When the searchable-fields keys are versioned ({@code SearchKeys}), {@link #compute} gives the current
 * version's index (what is written) and {@link #candidates} the index of every version still active (what a
 * look-up matches, {@code in (...)}), so rows written before a key rotation are still found. An indexer of
 * one version needs only {@link #compute}.
 */
@FunctionalInterface
public interface BlindIndexer {

    /**
     * The index of a value.
     *
     * @param entity the JPA entity name of the row's entity
     * @param field the policy's field id of the indexed attribute ({@link Encrypted#field()} when given,
     *     otherwise the attribute's name in snake case for an {@code @Encrypted} attribute, {@code ipAddress}
     *     being {@code ip_address}; the attribute's name as it is for an unencrypted one)
     * @param value the plaintext, not null
     * @return the index value to store in, or look up by, the companion column
     */
    String compute(String entity, String field, String value);

    /**
     * The index values a stored row of a value may hold, one per active key version, the current version's
     * first: what {@link JpaPersonalDataSource#findBySearchable} looks up. By default the one {@link #compute}d
     * value; the {@code hibernate} module's indexer gives every active version's
     * ({@code BlindIndexField.candidates}).
     *
     * @param entity the JPA entity name of the row's entity
     * @param field the policy's field id of the indexed attribute, as for {@link #compute}
     * @param value the plaintext, not null
     * @return the index values, not empty, current first, without duplicates or nulls
     * @throws ConfigurationException (by default) if {@link #compute} gives null: a look-up needs an index
     * @since 0.1.0
     */
    default List<String> candidates(String entity, String field, String value) {
        String index = compute(entity, field, value);
        if (index == null) {
            throw new ConfigurationException("The BlindIndexer computed no index (null) for " + entity + "." + field
                    + "; a look-up needs at least the current version's");
        }
        return List.of(index);
    }

    /**
     * The policy field id of an {@code @Encrypted} attribute: {@link Encrypted#field()} when given, otherwise
     * the Java name in snake case ({@code ipAddress} is {@code ip_address}). The {@code hibernate} module
     * encrypts and indexes under this id, and {@link JpaPersonalDataSource} looks indexes up under it.
     *
     * @param attribute the attribute's Java name
     * @param encrypted its annotation
     * @return the field id
     */
    static String fieldIdOf(String attribute, Encrypted encrypted) {
        if (!encrypted.field().isEmpty()) {
            return encrypted.field();
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < attribute.length(); i++) {
            char ch = attribute.charAt(i);
            if (Character.isUpperCase(ch)) {
                if (i > 0) {
                    out.append('_');
                }
                out.append(String.valueOf(ch).toLowerCase(java.util.Locale.ROOT));
            } else {
                out.append(ch);
            }
        }
        return out.toString();
    }
}
