package ro.clickphone.privacy.examples.cli;

import picocli.CommandLine;

/**
 * The tool's exit codes, documented in {@code --help} and the README.
 */
public final class ExitCodes {

    /** Done, every check held. */
    public static final int OK = 0;
    /** The command ran, and what it checked failed (a broken chain, a bad signature, overdue deadlines, rejected rows). */
    public static final int CHECK_FAILED = 1;
    /** Usage or bad input: an unknown option, a missing file, a malformed file, a missing key. */
    public static final int USAGE = 2;

    private ExitCodes() {
    }

    static int of(Throwable error) {
        return error instanceof CheckFailedException ? CHECK_FAILED : USAGE;
    }

    static boolean isUsage(Throwable error) {
        return error instanceof CommandLine.ParameterException || error instanceof BadInputException;
    }
}
