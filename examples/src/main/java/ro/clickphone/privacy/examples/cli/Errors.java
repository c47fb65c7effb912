package ro.clickphone.privacy.examples.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import ro.clickphone.privacy.spi.PrivacyException;

/**
 * How the tool reports errors: one line on standard error, {@code clickphone-privacy: <message>}; the
 * stack trace only with {@code --verbose}. Messages of the SDK's own exceptions are shown as they are
 * (they never carry personal data); any other exception is shown by its type alone, since its message
 * may quote input.
 */
final class Errors {

    private Errors() {
    }

    static int handleExecution(Exception error, CommandLine command, ParseResult parsed) {
        PrintWriter err = command.getErr();
        err.println("clickphone-privacy: " + messageOf(error));
        if (verbose(parsed)) {
            error.printStackTrace(err);
        }
        err.flush();
        return ExitCodes.of(error);
    }

    static int handleParameter(ParameterException error, String[] args) {
        CommandLine command = error.getCommandLine();
        PrintWriter err = command.getErr();
        err.println("clickphone-privacy: " + error.getMessage());
        err.println("Try '" + command.getCommandSpec().qualifiedName() + " --help' for more information.");
        if (verboseIn(args)) {
            error.printStackTrace(err);
        }
        err.flush();
        return ExitCodes.USAGE;
    }

    static String messageOf(Throwable error) {
        if (error instanceof BadInputException || error instanceof CheckFailedException
                || error instanceof PrivacyException) {
            return error.getMessage();
        }
        return error.getClass().getSimpleName() + " (run with --verbose for details)";
    }

    private static boolean verbose(ParseResult parsed) {
        for (ParseResult r = parsed; r != null; r = r.subcommand()) {
            if (r.hasMatchedOption("--verbose")) {
                return true;
            }
        }
        return false;
    }

    private static boolean verboseIn(String[] args) {
        for (String arg : args) {
            if ("--verbose".equals(arg)) {
                return true;
            }
        }
        return false;
    }
}
