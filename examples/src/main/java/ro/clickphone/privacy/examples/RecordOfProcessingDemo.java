package ro.clickphone.privacy.examples;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import ro.clickphone.privacy.core.PrivacyKit;
import ro.clickphone.privacy.core.policy.Policy;
import ro.clickphone.privacy.core.policy.PolicyTextSource;
import ro.clickphone.privacy.core.policy.RecordOfProcessing;
import ro.clickphone.privacy.spi.PrivacyException;

/**
 * Prints the record of processing activities (GDPR art. 30) of the ClickPhone policy, or of an
 * operator's own policy document.
 *
 * <pre>
 * usage: RecordOfProcessingDemo [--json | --markdown] [policy.json]
 * </pre>
 *
 * <p>Exit status: 0 on success, 1 if the policy document is invalid or unreadable, 2 on bad usage.
 */
public final class RecordOfProcessingDemo {

    private static final String USAGE = "usage: RecordOfProcessingDemo [--json | --markdown] [policy.json]";

    private RecordOfProcessingDemo() {
    }

    /**
     * Runs the demo.
     *
     * @param args {@code --json} or {@code --markdown} (the default), then optionally a policy file
     */
    public static void main(String[] args) {
        int status = run(args, System.out, System.err);
        if (status != 0) {
            System.exit(status);
        }
    }

    /**
     * Runs the demo with the given streams, for tests.
     *
     * @param args the command-line arguments
     * @param out where the record goes
     * @param err where errors go
     * @return the exit status
     */
    static int run(String[] args, PrintStream out, PrintStream err) {
        boolean json = false;
        Path file = null;
        for (String arg : args) {
            if (arg.equals("--json")) {
                json = true;
            } else if (arg.equals("--markdown")) {
                json = false;
            } else if (arg.startsWith("-") || file != null) {
                err.println(USAGE);
                return 2;
            } else {
                file = Path.of(arg);
            }
        }
        try {
            Policy policy = file == null ? Policy.clickPhoneDefault() : load(file);
            PrivacyKit kit = PrivacyKit.builder().policy(policy).clock(Clock.systemUTC()).build();
            RecordOfProcessing record = RecordOfProcessing.from(kit.policy());
            out.print(json ? record.toJson() : record.toMarkdown());
            out.flush();
            return 0;
        } catch (PrivacyException e) {
            err.println(e.getMessage());
            return 1;
        } catch (IOException e) {
            err.println("Cannot read " + file + ": " + e.getClass().getSimpleName());
            return 1;
        }
    }

    private static Policy load(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            // The archived text a document names is read from beside it.
            Path directory = file.toAbsolutePath().getParent();
            return Policy.load(in, PolicyTextSource.directory(directory));
        }
    }

}
