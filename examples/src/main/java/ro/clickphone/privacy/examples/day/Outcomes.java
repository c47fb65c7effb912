package ro.clickphone.privacy.examples.day;

import java.util.ArrayList;
import java.util.List;

/** Collects a step's failed expectations. */
final class Outcomes {

    private final List<String> problems = new ArrayList<>();

    /**
     * Records a problem unless the expectation holds.
     *
     * @param holds whether it holds
     * @param problem what did not hold, without personal data
     */
    void expect(boolean holds, String problem) {
        if (!holds) {
            problems.add(problem);
        }
    }

    /**
     * The problems so far.
     *
     * @return an immutable copy
     */
    List<String> problems() {
        return List.copyOf(problems);
    }
}
