package ro.clickphone.privacy.examples.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import ro.clickphone.privacy.core.policy.Policy;
import ro.clickphone.privacy.core.policy.PolicyException;

/**
 * {@code clickphone-privacy policy}: jobs on a policy document; {@code policy validate FILE} lists every
 * problem with its JSON path, per phase: the document's structure first (the SDK's reader stops at the
 * first structural problem, and the tool says so), then every rule the validator checks.
 */
@Command(name = "policy", mixinStandardHelpOptions = true,
        description = "Jobs on a policy document (docs/POLICY-FORMAT.md).",
        subcommands = {PolicyCommand.Validate.class, CommandLine.HelpCommand.class})
final class PolicyCommand extends CommandGroup {

    /**
     * {@code policy validate FILE}: prints {@code valid} and the version, or every problem with its
     * JSON path. A problem names the path and the rule, never a value of the document.
     */
    @Command(name = "validate", mixinStandardHelpOptions = true,
            description = {"Checks a policy document against the format and the GDPR rules the loader holds.",
                "%nPrints 'valid' with the version, or every problem with its JSON path, such as"
                    + " $.purposes[3].legalBasis, and the rule it breaks (never a value of the document)."
                    + " A problem of the document's structure (an unknown field, a wrong type) is listed first, alone:"
                    + " fix it and run again to see the rules' problems.%n"},
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {"0:the policy is valid", "1:the policy is invalid (every problem is listed)",
                "2:usage, or a file that cannot be read or is not JSON"})
    static final class Validate implements Runnable {

        @Parameters(paramLabel = "FILE", description = "The policy document; its archived text is read from beside it.")
        Path file;

        @Spec
        CommandSpec spec;

        @Override
        public void run() {
            PrintWriter out = spec.commandLine().getOut();
            try {
                Policy policy = PolicyFiles.load(file, "FILE");
                out.println("valid: " + file + " (policy version " + policy.version().label() + ", "
                        + policy.purposes().size() + " purposes, " + policy.categories().size() + " categories)");
                out.flush();
            } catch (PolicyException e) {
                for (PolicyException.Problem problem : e.problems()) {
                    out.println(problem.path() + ": " + problem.message());
                }
                boolean structural = structural(e);
                if (structural) {
                    out.println("structural problems first: fix these and run again (the rules are checked once the"
                            + " document has the format's structure)");
                }
                out.flush();
                int count = e.problems().size();
                throw new CheckFailedException(file + " is not a valid policy (" + count
                        + (count == 1 ? " problem" : " problems") + (structural ? " of structure" : "") + ")");
            }
        }

        /**
         * Whether the problems are of the document's structure (an unknown field, a value of the wrong
         * type), found by the SDK's reader before any rule is checked; it stops at the first. The
         * validator that checks the rules lists every problem. The SDK tells them apart only by where
         * the exception was made, which is read from its stack trace.
         */
        private static boolean structural(PolicyException e) {
            for (StackTraceElement frame : e.getStackTrace()) {
                if (frame.getClassName().endsWith(".PolicyValidator")) {
                    return false;
                }
                if (frame.getClassName().endsWith(".PolicyReader")) {
                    return true;
                }
            }
            return false;
        }
    }
}
