package ro.clickphone.privacy.examples.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine;
import picocli.CommandLine.MissingParameterException;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;
import ro.clickphone.privacy.spi.PrivacyException;

/**
 * How the tool reports errors: one line on standard error, {@code clickphone-privacy: <message>}; the
 * stack trace only with {@code --verbose}. Messages of the SDK's own exceptions are shown as they are
 * (they never carry personal data); any other exception is shown by its type alone, since its message
 * may quote input. A usage error never echoes an argument's value either (picocli's messages quote
 * the command line, which may hold a key or a password typed by mistake): an unknown option is named up
 * to its {@code =}, any other unmatched argument by its position, a value that does not convert by its
 * option and the type expected.
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
        err.println("clickphone-privacy: " + usageMessage(error, args));
        err.println("Try '" + command.getCommandSpec().qualifiedName() + " --help' for more information.");
        if (verboseIn(args)) {
            error.printStackTrace(err);
        }
        err.flush();
        return ExitCodes.USAGE;
    }

    /**
     * A usage error's message without any value of the command line.
     *
     * @param error the error
     * @param args the arguments
     * @return the message
     */
    static String usageMessage(ParameterException error, String[] args) {
        if (error instanceof UnmatchedArgumentException unmatched) {
            List<String> shown = new ArrayList<>();
            for (String argument : unmatched.getUnmatched()) {
                shown.add(argument.startsWith("-") ? "'" + optionName(argument) + "'"
                        : "argument " + (Arrays.asList(args).indexOf(argument) + 1) + " (not shown)");
            }
            boolean options = unmatched.getUnmatched().stream().anyMatch(a -> a.startsWith("-"));
            return (options ? "Unknown option: " : "Unexpected argument: ")
                    + String.join(", ", shown);
        }
        ArgSpec argument = error.getArgSpec();
        if (error instanceof MissingParameterException) {
            String message = String.valueOf(error.getMessage());
            int found = message.indexOf(" but found");
            // "Expected parameter for option '--in' but found '<the next argument>'": cut before it.
            return found < 0 ? message : message.substring(0, found) + " (the next argument is not shown)";
        }
        if (argument != null && error.getValue() != null) {
            return "invalid value for " + argName(argument) + ": expected " + expected(argument) + " (the value is not shown)";
        }
        if (error.getValue() != null || argument != null) {
            return "invalid " + (argument == null ? "argument" : argName(argument)) + " (the value is not shown)";
        }
        return error.getMessage();
    }

    private static String optionName(String argument) {
        int equals = argument.indexOf('=');
        return equals < 0 ? argument : argument.substring(0, equals);
    }

    private static String argName(ArgSpec argument) {
        return argument instanceof OptionSpec option ? option.longestName() : argument.paramLabel();
    }

    private static String expected(ArgSpec argument) {
        Class<?> type = argument.type();
        if (type.isEnum()) {
            return "one of " + Arrays.toString(type.getEnumConstants());
        }
        return switch (type.getSimpleName()) {
            case "int", "Integer", "long", "Long" -> "a whole number";
            case "double", "Double" -> "a number";
            case "Path", "File" -> "a file path";
            default -> "a " + type.getSimpleName().toLowerCase(Locale.ROOT);
        };
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
