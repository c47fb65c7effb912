package ro.clickphone.privacy.core.policy;

import java.util.List;
import java.util.stream.Collectors;
import ro.clickphone.privacy.spi.ConfigurationException;

/**
 * A policy document could not be loaded: it is not JSON, has unknown or missing fields, refers to
 * categories or purposes it does not declare, or breaks a rule of the GDPR the loader checks (a
 * consent-based purpose marked mandatory, a retention rule without a period).
 *
 * <p>Every problem found is reported, each with the JSON path where it is ({@code $.purposes[3].legalBasis}).
 *
 * @since 0.1.0
 */
public class PolicyException extends ConfigurationException {

    private static final long serialVersionUID = 1L;
    private static final int MAX_PROBLEMS_IN_MESSAGE = 25;

    /** The problems found, in document order. */
    private final List<Problem> problems;

    /**
     * Creates the exception for the problems found.
     *
     * @param problems at least one problem
     * @param cause the parser's exception, or {@code null}
     */
    public PolicyException(List<Problem> problems, Throwable cause) {
        super(message(problems), cause);
        this.problems = List.copyOf(problems);
    }

    private static String message(List<Problem> problems) {
        String list = problems.stream().limit(MAX_PROBLEMS_IN_MESSAGE)
                .map(p -> "  " + p.path() + ": " + p.message())
                .collect(Collectors.joining("\n"));
        String more = problems.size() > MAX_PROBLEMS_IN_MESSAGE
                ? "\n  ... and " + (problems.size() - MAX_PROBLEMS_IN_MESSAGE) + " more"
                : "";
        return "Invalid policy document (" + problems.size() + (problems.size() == 1 ? " problem" : " problems")
                + "):\n" + list + more;
    }

    /**
     * Every problem found.
     *
     * @return the problems, in document order; never empty
     */
    public List<Problem> problems() {
        return problems;
    }

    /**
     * The JSON path of the first problem.
     *
     * @return e.g. {@code $.purposes[3].legalBasis}
     */
    public String path() {
        return problems.get(0).path();
    }

    /**
     * One problem in a policy document.
     *
     * @param path the JSON path where it is, e.g. {@code $.categories[2].retention}
     * @param message what is wrong
     */
    public record Problem(String path, String message) {
    }
}
