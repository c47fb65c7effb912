package ro.clickphone.privacy.examples;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Set;
import ro.clickphone.privacy.core.PrivacyKit;
import ro.clickphone.privacy.core.access.AccessPolicy;
import ro.clickphone.privacy.core.cdr.BulkOptions;
import ro.clickphone.privacy.core.cdr.BulkReport;
import ro.clickphone.privacy.core.cdr.CdrCsv;
import ro.clickphone.privacy.core.cdr.Rejection;
import ro.clickphone.privacy.core.policy.Policy;
import ro.clickphone.privacy.crypto.cdr.CdrProfile;
import ro.clickphone.privacy.crypto.cdr.CdrPseudonymizer;
import ro.clickphone.privacy.crypto.cdr.IpTechnique;
import ro.clickphone.privacy.crypto.cdr.NumberTechnique;
import ro.clickphone.privacy.crypto.pseudonym.DurationBuckets;
import ro.clickphone.privacy.crypto.pseudonym.PseudonymKeys;
import ro.clickphone.privacy.crypto.pseudonym.Pseudonyms;
import ro.clickphone.privacy.crypto.pseudonym.TimeGranularity;
import ro.clickphone.privacy.spi.Actor;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.Purpose;
import ro.clickphone.privacy.spi.SecretBytes;
import ro.clickphone.privacy.spi.memory.InMemoryStores;

/**
 * Pseudonymizes a CSV file of CDRs for analytics: numbers by FF1 keeping the operator prefix (3
 * digits), device IPs by Crypto-PAn, start times cut to the hour, durations in buckets. Without
 * arguments it reads a bundled sample (one row of which is invalid). The root key is drawn at random
 * for each run: a real deployment loads it from its KMS, so that pseudonyms stay stable.
 *
 * <pre>
 * usage: CdrPseudonymizationDemo [input.csv]
 * </pre>
 *
 * <p>Writes the pseudonymized CSV to standard output and the report to standard error. Exit status:
 * 0 on success, 1 if the file is refused (a header with SMS text or an unknown column) or unreadable,
 * 2 on bad usage.
 */
public final class CdrPseudonymizationDemo {

    private static final String USAGE = "usage: CdrPseudonymizationDemo [input.csv]";

    private CdrPseudonymizationDemo() {
    }

    /**
     * Runs the demo.
     *
     * @param args optionally the input file
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
     * @param out where the pseudonymized CSV goes
     * @param err where the report and errors go
     * @return the exit status
     */
    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length > 1 || (args.length == 1 && args[0].startsWith("-"))) {
            err.println(USAGE);
            return 2;
        }
        PrivacyKit kit = PrivacyKit.builder().stores(InMemoryStores.create())
                .policy(Policy.clickPhoneDefault())
                .pseudonymization(PseudonymKeys.of(1, SecretBytes.random(32, new SecureRandom())))
                .accessPolicy(AccessPolicy.builder().grant("ANALYTICS_JOB", Purpose.of("SERVICE_PROVISION"))
                        .grantPseudonymization("ANALYTICS_JOB", "analytics").build())
                .build();
        // One binding per run: the run is authorised and audited once, not once per row.
        Pseudonyms run = kit.pseudonyms().as(Actor.system("cdr-demo", Set.of("ANALYTICS_JOB")));
        CdrPseudonymizer cdrs = CdrPseudonymizer.create(run, CdrProfile.builder("analytics")
                .numbers(NumberTechnique.ff1(3))
                .deviceIp(IpTechnique.cryptoPan())
                .startTime(TimeGranularity.HOUR)
                .durations(DurationBuckets.callDurations())
                .build());
        try (InputStream in = args.length == 1 ? Files.newInputStream(Path.of(args[0]))
                : CdrPseudonymizationDemo.class.getResourceAsStream("sample-cdr.csv");
                Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
            Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
            BulkReport report = CdrCsv.pseudonymize(reader, writer, cdrs, BulkOptions.defaults());
            writer.flush();
            err.println("rows read " + report.rowsRead() + ", written " + report.rowsWritten() + ", rejected "
                    + report.rowsRejected());
            for (Rejection rejection : report.rejections()) {
                err.println("  row " + rejection.row() + ": " + rejection.column() + " " + rejection.reason());
            }
            report.stopped().ifPresent(reason -> err.println("stopped: " + reason));
            return 0;
        } catch (InvalidInputException | IOException e) {
            err.println("refused: " + e.getMessage());
            return 1;
        }
    }
}
