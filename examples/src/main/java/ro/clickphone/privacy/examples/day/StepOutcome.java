package ro.clickphone.privacy.examples.day;

import java.util.List;

/**
 * What one step of the day came to: each step checks its own expectations and lists every one that did not
 * hold, in words that carry no personal data.
 */
public interface StepOutcome {

    /**
     * The step's number, 1 to 7.
     *
     * @return the number
     */
    int step();

    /**
     * The expectations of the step that did not hold; empty when the step held.
     *
     * @return the problems
     */
    List<String> problems();

    /**
     * Whether every expectation of the step held.
     *
     * @return {@code true} if {@link #problems()} is empty
     */
    default boolean held() {
        return problems().isEmpty();
    }
}
