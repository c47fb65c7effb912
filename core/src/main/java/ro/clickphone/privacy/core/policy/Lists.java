package ro.clickphone.privacy.core.policy;

import java.util.List;
import ro.clickphone.privacy.spi.InvalidInputException;

/** Immutable copies of the policy records' lists that refuse null as the library's typed error. */
final class Lists {

    private Lists() {
    }

    static <T> List<T> copy(List<T> values, String name) {
        if (values == null) {
            throw new InvalidInputException(name, "must not be null");
        }
        for (T value : values) {
            if (value == null) {
                throw new InvalidInputException(name, "must not contain null");
            }
        }
        return List.copyOf(values);
    }
}
