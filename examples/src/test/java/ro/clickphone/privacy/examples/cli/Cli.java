package ro.clickphone.privacy.examples.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;

/** Runs the tool in-process, as a test drives it. */
final class Cli {

    /** A fixed test root key (Base64 of 32 bytes); tests check it never shows in any output. */
    static final String KEY = "q6u7Zl0wV1l2Y3pDZ0N1T3dxU3l4dlF6YkJ0ZWtWbWc=";

    private Cli() {
    }

    /**
     * What one run printed and returned.
     *
     * @param code the exit code
     * @param out standard output
     * @param err standard error
     */
    record Result(int code, String out, String err) {

        List<String> errLines() {
            return err.lines().toList();
        }

        String all() {
            return out + err;
        }
    }

    static Result run(Map<String, String> environment, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = ClickPhonePrivacyCli.run(args, new PrintWriter(out), new PrintWriter(err), environment::get);
        return new Result(code, out.toString(), err.toString());
    }

    static Result run(String... args) {
        return run(Map.of(), args);
    }

    static Result withKey(String... args) {
        return run(Map.of(PseudonymizeCommand.KEY_VARIABLE, KEY), args);
    }
}
