package ro.clickphone.privacy.core.rights.internal;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.rights.CategoryOutcome;

/**
 * What an access or portability export wrote: per exporting source, per category, how many records
 * were exported ({@code EXPORTED}), left out of a portability export ({@code NOT_PORTABLE}), or that
 * the source held none ({@code NONE}); and the number of records written in all. Counts and category
 * ids only, never values, so {@link #toString()} holds no personal data.
 *
 * @param bySource the outcomes by source name, in the order the sources were exported
 * @param records the records written to the document
 */
public record ExportResult(Map<String, List<CategoryOutcome>> bySource, long records) {

    /**
     * Checks and copies the components.
     *
     * @param bySource the outcomes by source, as the type describes it
     * @param records the records written, as the type describes it
     * @throws InvalidInputException if a component is null or holds null, or the count is negative
     */
    public ExportResult {
        if (bySource == null) {
            throw new InvalidInputException("exportResult.bySource", "must not be null");
        }
        Map<String, List<CategoryOutcome>> copy = new LinkedHashMap<>();
        for (Map.Entry<String, List<CategoryOutcome>> e : bySource.entrySet()) {
            if (e.getKey() == null || e.getValue() == null || e.getValue().stream().anyMatch(o -> o == null)) {
                throw new InvalidInputException("exportResult.bySource", "must not hold null");
            }
            copy.put(e.getKey(), List.copyOf(e.getValue()));
        }
        bySource = Collections.unmodifiableMap(copy);
        if (records < 0) {
            throw new InvalidInputException("exportResult.records", "must not be negative");
        }
    }
}
