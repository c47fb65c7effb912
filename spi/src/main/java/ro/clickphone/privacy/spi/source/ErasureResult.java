package ro.clickphone.privacy.spi.source;

import java.util.Map;
import java.util.TreeMap;

import ro.clickphone.privacy.spi.DataCategory;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.internal.Checks;

/**
 * What a source erased of a subject ({@link PersonalDataSource#erase}): how many records per
 * category. A second call for the same subject erases nothing more and reports zero counts (or
 * none): erasure is idempotent per subject.
 *
 * @param erased records erased, by category; a category with nothing left to erase may be absent
 *
 * @since 0.1.0
 */
public record ErasureResult(Map<DataCategory, Integer> erased) {

    /**
     * Checks and copies the counts.
     *
     * @param erased the erased, as the type describes it
     * @throws InvalidInputException if the map is null or holds a null or negative count
     */
    public ErasureResult {
        Checks.notNull(erased, "erasureResult.erased");
        Map<DataCategory, Integer> copy = new TreeMap<>((a, b) -> a.id().compareTo(b.id()));
        for (Map.Entry<DataCategory, Integer> e : erased.entrySet()) {
            if (e.getKey() == null || e.getValue() == null || e.getValue() < 0) {
                throw new InvalidInputException("erasureResult.erased", "must hold categories with counts >= 0");
            }
            copy.put(e.getKey(), e.getValue());
        }
        erased = java.util.Collections.unmodifiableMap(copy);
    }

    /**
     * Nothing erased.
     *
     * @return the empty result
     */
    public static ErasureResult none() {
        return new ErasureResult(Map.of());
    }

    /**
     * The records erased in all categories.
     *
     * @return the sum
     */
    public int total() {
        return erased.values().stream().mapToInt(Integer::intValue).sum();
    }
}
