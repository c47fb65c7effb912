package ro.clickphone.privacy.examples.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import ro.clickphone.privacy.core.PrivacyKit;
import ro.clickphone.privacy.core.access.AccessPolicy;
import ro.clickphone.privacy.core.cdr.BulkOptions;
import ro.clickphone.privacy.core.cdr.BulkReport;
import ro.clickphone.privacy.core.cdr.CdrCsv;
import ro.clickphone.privacy.core.cdr.Rejection;
import ro.clickphone.privacy.core.policy.Policy;
import ro.clickphone.privacy.core.policy.PseudonymContextDefinition;
import ro.clickphone.privacy.crypto.cdr.CdrProfile;
import ro.clickphone.privacy.crypto.cdr.CdrPseudonymizer;
import ro.clickphone.privacy.crypto.pseudonym.PseudonymKeys;
import ro.clickphone.privacy.spi.Actor;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.SecretBytes;
import ro.clickphone.privacy.spi.audit.AuditRecord;
import ro.clickphone.privacy.spi.memory.InMemoryStores;

/**
 * {@code clickphone-privacy pseudonymize}: a CSV file of CDRs pseudonymized by a profile into another,
 * streaming in constant memory on several threads ({@link CdrCsv}), with progress on standard error, a
 * rejection report, and {@code --skip-rows} to resume an interrupted run by appending to its output.
 *
 * <p>The pseudonymizer is bound once per run through a kit that holds only the policy, the root key and
 * an access policy granting the context to the tool's actor, over in-memory stores: the binding's audit
 * entry lives in that in-memory trail and is printed in the summary, not kept anywhere else.
 */
@Command(name = "pseudonymize", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Pseudonymizes a CSV file of CDRs by a profile, streaming, on several threads.",
            "%nThe columns are those of docs/PSEUDONYMIZATION.md. Rejected rows go to a report (row, column, rule;"
                + " never a value). The root key comes from --key-file or the environment variable "
                + PseudonymizeCommand.KEY_VARIABLE + " (Base64 of at least 32 bytes), never from an argument. The summary prints the"
                + " --skip-rows value that resumes the run; a resumed run appends to --out and to the report.%n"},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every row was pseudonymized",
            "1:rows were rejected (see the report) or the run stopped early (the summary says where to resume)",
            "2:usage or bad input: a missing file or key, an unknown profile, a header the SDK refuses"})
final class PseudonymizeCommand implements Runnable {

    /** The environment variable holding the pseudonymization root key. */
    static final String KEY_VARIABLE = "CLICKPHONE_PRIVACY_PSEUDONYM_KEY";
    /** The actor the run is authorised and audited as. */
    static final String ACTOR = "clickphone-privacy-cli";
    private static final String ROLE = "CLI_PSEUDONYMIZE";
    private static final int REJECTIONS_SHOWN = 10;

    @Option(names = "--profile", required = true, paramLabel = "NAME|FILE",
            description = "A built-in profile (analytics, billing, fraud, improvement) or a JSON profile file.")
    String profile;

    @Option(names = "--in", required = true, paramLabel = "FILE", description = "The CSV file of CDRs, header first.")
    Path in;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "Where the pseudonymized CSV goes.")
    Path out;

    @Option(names = "--threads", paramLabel = "N", description = "Threads that pseudonymize, 1 to 64 (default: one per processor).")
    Integer threads;

    @Option(names = "--skip-rows", paramLabel = "N", defaultValue = "0",
            description = "Skip N data rows and append to --out and the report: resumes an interrupted run.")
    long skipRows;

    @Option(names = "--rejections", paramLabel = "FILE",
            description = "The rejection report, CSV row,column,reason (default: <out>.rejections.csv).")
    Path rejections;

    @Option(names = "--key-file", paramLabel = "FILE",
            description = "A file holding the root key, Base64 (else $" + KEY_VARIABLE + ").")
    Path keyFile;

    @Option(names = "--key-version", paramLabel = "N", defaultValue = "1",
            description = "The root key's version, 1 to 9999 (default 1).")
    int keyVersion;

    @Option(names = "--policy", paramLabel = "FILE",
            description = "The policy declaring the profile's context (default: ClickPhone's).")
    Path policy;

    @Option(names = "--progress", paramLabel = "auto|bar|lines|none", defaultValue = "auto",
            description = "auto (a bar on a terminal, plain lines otherwise; the default), bar, lines or none.")
    Progress.Mode progress;

    @Option(names = "--progress-interval", paramLabel = "SECONDS", defaultValue = "5",
            description = "The least time between two progress lines, 0.1 to 3600 (default 5).")
    double progressInterval;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        BulkOptions options = options();
        Duration interval = interval();
        checkFiles();
        Policy loaded = PolicyFiles.loadOrDefault(policy, "--policy");
        CdrProfile cdrProfile = CdrProfiles.resolve(profile);
        PseudonymContextDefinition context = loaded.pseudonymContext(cdrProfile.context())
                .orElseThrow(() -> new BadInputException("--profile: the policy declares no pseudonymization context "
                        + cdrProfile.context()));
        PrivacyKit kit = kit(loaded, context);
        CdrPseudonymizer pseudonymizer = CdrPseudonymizer.create(
                kit.pseudonyms().as(Actor.system(ACTOR, Set.of(ROLE))), cdrProfile);
        Path report = rejections != null ? rejections : out.resolveSibling(out.getFileName() + ".rejections.csv");
        PrintWriter stdout = spec.commandLine().getOut();
        stdout.println("pseudonymizing " + in + " -> " + out + " with profile " + profile + " ("
                + CdrProfiles.describe(cdrProfile) + "), key version " + keyVersion + ", " + options.threads()
                + (options.threads() == 1 ? " thread" : " threads")
                + (skipRows > 0 ? ", resuming after row " + skipRows : ""));
        stdout.flush();
        BulkReport result = pseudonymize(pseudonymizer, options, report, interval);
        summarize(stdout, result, report, kit);
        if (result.stopped().isPresent()) {
            throw new CheckFailedException("stopped before the end of " + in + ": " + result.stopped().get()
                    + "; resume with --skip-rows " + result.rowsRead());
        }
        if (result.rowsRejected() > 0) {
            throw new CheckFailedException(result.rowsRejected() + (result.rowsRejected() == 1 ? " row was" : " rows were")
                    + " rejected; see " + report);
        }
    }

    private BulkOptions options() {
        try {
            BulkOptions options = BulkOptions.defaults().withSkipRows(skipRows);
            return threads == null ? options : options.withThreads(threads);
        } catch (InvalidInputException e) {
            throw new BadInputException("--" + (e.argument().equals("threads") ? "threads" : "skip-rows") + " "
                    + e.rule(), e);
        }
    }

    private Duration interval() {
        if (!(progressInterval >= 0.1 && progressInterval <= 3600)) {
            throw new BadInputException("--progress-interval must be between 0.1 and 3600 seconds");
        }
        return Duration.ofMillis(Math.round(progressInterval * 1000));
    }

    private void checkFiles() {
        if (!Files.isRegularFile(in)) {
            throw new BadInputException("--in: no such file " + in);
        }
        if (!Files.isReadable(in)) {
            throw new BadInputException("--in: cannot read " + in);
        }
        Path directory = out.toAbsolutePath().getParent();
        if (directory == null || !Files.isDirectory(directory)) {
            throw new BadInputException("--out: no such directory " + directory);
        }
        if (in.toAbsolutePath().normalize().equals(out.toAbsolutePath().normalize())) {
            throw new BadInputException("--out must not be the input file");
        }
        if (skipRows > 0 && !Files.isRegularFile(out)) {
            throw new BadInputException("--skip-rows resumes an earlier run, and its output " + out + " does not exist");
        }
    }

    private PrivacyKit kit(Policy loaded, PseudonymContextDefinition context) {
        SecretBytes key = ClickPhonePrivacyCli.secrets(spec).key(keyFile, "--key-file", KEY_VARIABLE);
        try {
            return PrivacyKit.builder().stores(InMemoryStores.create()).policy(loaded)
                    .pseudonymization(PseudonymKeys.of(keyVersion, key))
                    .accessPolicy(AccessPolicy.builder().grant(ROLE, context.purpose())
                            .grantPseudonymization(ROLE, context.context()).build())
                    .build();
        } catch (InvalidInputException e) {
            throw new BadInputException("--key-version or key: " + e.rule(), e);
        } finally {
            key.destroy();
        }
    }

    private BulkReport pseudonymize(CdrPseudonymizer pseudonymizer, BulkOptions options, Path report,
            Duration interval) {
        boolean append = skipRows > 0;
        OpenOption[] mode = append
                ? new OpenOption[] {StandardOpenOption.APPEND}
                : new OpenOption[] {StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                    StandardOpenOption.WRITE};
        try (InputStream file = Files.newInputStream(in);
                CountingInputStream counted = new CountingInputStream(file);
                Reader reader = new InputStreamReader(counted, StandardCharsets.UTF_8);
                Writer writer = Files.newBufferedWriter(out, StandardCharsets.UTF_8, mode);
                CsvOutput output = new CsvOutput(writer, append && Files.size(out) > 0);
                RejectionReport rejected = RejectionReport.open(report, append)) {
            AtomicLong rejectedCount = new AtomicLong();
            long total = Files.size(in);
            Progress shown = Progress.start(progress, System.console() != null, spec.commandLine().getErr(),
                    interval, () -> output.lines() + rejectedCount.get(), counted::count, skipRows, total);
            try {
                BulkReport result = CdrCsv.pseudonymize(reader, output, pseudonymizer, options, rejection -> {
                    rejectedCount.incrementAndGet();
                    rejected.accept(rejection);
                });
                shown.finish();
                return result;
            } finally {
                shown.close();
            }
        } catch (IOException e) {
            throw new BadInputException("reading " + in + " or writing " + out + " or " + report + " failed ("
                    + e.getClass().getSimpleName() + "); rows written before stay written", e);
        }
    }

    private void summarize(PrintWriter stdout, BulkReport result, Path report, PrivacyKit kit) {
        stdout.println("rows read " + result.rowsRead() + (skipRows > 0 ? " (" + skipRows + " skipped)" : "")
                + ", written " + result.rowsWritten() + ", rejected " + result.rowsRejected()
                + (result.rowsRejected() > 0 ? " (report: " + report + ")" : ""));
        List<Rejection> listed = result.rejections();
        for (Rejection rejection : listed.subList(0, Math.min(REJECTIONS_SHOWN, listed.size()))) {
            stdout.println("  row " + rejection.row() + ": " + rejection.column() + " " + rejection.reason());
        }
        if (result.rowsRejected() > REJECTIONS_SHOWN) {
            stdout.println("  ... and " + (result.rowsRejected() - REJECTIONS_SHOWN) + " more in " + report);
        }
        result.stopped().ifPresent(reason -> stdout.println("stopped early: " + reason));
        stdout.println("resume point: --skip-rows " + result.rowsRead());
        for (AuditRecord entry : kit.audit().read(1, 100)) {
            stdout.println("audited (in this run's memory only, not kept): " + entry.action() + " "
                    + entry.outcome() + " " + entry.details());
        }
        stdout.flush();
    }
}
