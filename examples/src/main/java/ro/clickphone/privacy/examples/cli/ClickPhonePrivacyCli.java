package ro.clickphone.privacy.examples.cli;

import java.io.PrintWriter;
import java.util.Arrays;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * {@code clickphone-privacy}: the data-protection engineer's command-line tool. Each job is a
 * subcommand; {@code --help} works everywhere. Exit codes: {@value ExitCodes#OK} ok,
 * {@value ExitCodes#CHECK_FAILED} a check failed (a broken audit chain, a bad signature, overdue
 * deadlines, rejected rows), {@value ExitCodes#USAGE} usage or bad input. A bad input gives one line on
 * standard error, never a stack trace unless {@code --verbose}; keys and passwords come only from files
 * or environment variables, never from arguments.
 */
@Command(name = "clickphone-privacy", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = {"The ClickPhone Privacy SDK's tool for the jobs a data-protection engineer runs by hand:"
                + " pseudonymize CDR files, print the record of processing, validate a policy, verify the audit"
                + " trail and consent receipts, rotate and rewrap keys, list incident deadlines.%n"},
        footerHeading = "%n",
        footer = {"Keys and passwords are read only from files (--...-file options) or environment variables,"
                + " never from arguments. 'clickphone-privacy COMMAND --help' shows a command's options."},
        subcommands = {
            PseudonymizeCommand.class,
            RopaCommand.class,
            PolicyCommand.class,
            AuditCommand.class,
            ReceiptCommand.class,
            KeysCommand.class,
            IncidentsCommand.class,
            CommandLine.HelpCommand.class
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:ok",
            "1:a check failed (broken audit chain, bad signature, overdue deadlines, rejected rows)",
            "2:usage or bad input (one line on standard error; --verbose for the stack trace)"
        })
public final class ClickPhonePrivacyCli implements Runnable {

    private static final String SIMPLE_LOGGER_LEVEL = "org.slf4j.simpleLogger.defaultLogLevel";

    @Option(names = "--verbose", scope = ScopeType.INHERIT,
            description = "On an error, print the stack trace too.")
    boolean verbose;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private final Function<String, String> environment;

    ClickPhonePrivacyCli(Function<String, String> environment) {
        this.environment = environment;
    }

    /**
     * The environment variables the tool reads secrets from (the process's, or a test's map).
     *
     * @param spec any command's spec
     * @return the secrets reader of the tool that runs the command
     */
    static Secrets secrets(CommandLine.Model.CommandSpec spec) {
        return new Secrets(((ClickPhonePrivacyCli) spec.root().userObject()).environment);
    }

    /**
     * The environment variables of the tool that runs a command (the process's, or a test's map).
     *
     * @param spec any command's spec
     * @return the variables
     */
    static Function<String, String> environment(CommandLine.Model.CommandSpec spec) {
        return ((ClickPhonePrivacyCli) spec.root().userObject()).environment;
    }

    /**
     * Runs the tool and exits the JVM with its exit code.
     *
     * @param args the arguments
     */
    public static void main(String[] args) {
        // The SDK logs what a service operator wants to know; a command prints its own findings, so
        // only the library's errors show (a WARN such as "Audit trail verification failed" would sit
        // beside the command's own one-line error), its warnings too with --verbose.
        if (System.getProperty(SIMPLE_LOGGER_LEVEL) == null) {
            System.setProperty(SIMPLE_LOGGER_LEVEL, Arrays.asList(args).contains("--verbose") ? "warn" : "error");
        }
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true), System::getenv));
    }

    /**
     * Runs the tool without exiting: for tests and embedding.
     *
     * @param args the arguments
     * @param out standard output
     * @param err standard error
     * @param environment the environment variables (secrets are read from them), e.g. {@code System::getenv}
     * @return the exit code
     */
    public static int run(String[] args, PrintWriter out, PrintWriter err, Function<String, String> environment) {
        CommandLine line = commandLine(out, err, environment);
        int code = line.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    /**
     * The tool's command line, with its exit codes and error handlers set.
     *
     * @param out standard output
     * @param err standard error
     * @param environment the environment variables
     * @return the command line
     */
    static CommandLine commandLine(PrintWriter out, PrintWriter err, Function<String, String> environment) {
        CommandLine line = new CommandLine(new ClickPhonePrivacyCli(environment));
        line.setOut(out);
        line.setErr(err);
        line.setExitCodeExceptionMapper(ExitCodes::of);
        line.setExecutionExceptionHandler(Errors::handleExecution);
        line.setParameterExceptionHandler(Errors::handleParameter);
        line.setCommandName("clickphone-privacy");
        line.setUsageHelpAutoWidth(false);
        return line;
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "name a subcommand (see --help)");
    }
}
