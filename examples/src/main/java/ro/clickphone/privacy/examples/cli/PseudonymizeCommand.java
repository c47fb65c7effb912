package ro.clickphone.privacy.examples.cli;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
import ro.clickphone.privacy.crypto.cdr.CdrJob;
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
 * rejection report, {@code --resume} to continue an interrupted (killed) run from what it left on disk
 * ({@link ResumePoint}), and {@code --skip-rows} to continue a stopped run after fixing its input.
 *
 * <p>The pseudonymizer is bound once per run through a kit that holds only the policy, the root key and
 * an access policy granting the context to the tool's actor, over in-memory stores: the binding's audit
 * entry lives in that in-memory trail and is printed in the summary. What lasts is the run record
 * {@code <out>.run.json} ({@link RunRecord}); the kit's audit trail is not written anywhere (a platform
 * job that needs one uses the library with its persistent kit).
 */
@Command(name = "pseudonymize", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Pseudonymizes a CSV file of CDRs by a profile, streaming, on several threads.",
            "%nThe columns are those of docs/PSEUDONYMIZATION.md. Rejected rows go to a report (row, column, rule;"
                + " never a value). The root key comes from --key-file or the environment variable "
                + PseudonymizeCommand.KEY_VARIABLE + " (Base64 of at least 32 bytes), never from an argument. An interrupted"
                + " run continues with the same command plus --resume; <out>.run.json records every run.%n"},
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

    @Option(names = "--memo", paramLabel = "N", defaultValue = "0",
            description = "Remember up to N numbers per technique with their pseudonyms for this run, so that a number"
                    + " on many rows is pseudonymized once (same output); 0, the default, remembers none, else 2 to "
                    + CdrJob.MAX_MEMO_ENTRIES + ", rounded down to a power of two (100000 remembers 65536)."
                    + " Heap: about " + MEMO_BYTES_PER_ENTRY + " bytes an entry, per number technique of the profile"
                    + " (65536 entries: about 10 MB each); a memo that could take more than a quarter of the heap"
                    + " (-Xmx) is refused. The memo holds clear numbers in memory until the run ends.")
    int memo;

    /** Heap an entry of the memo may take: its slot, the entry, the clear number and the pseudonym. */
    static final int MEMO_BYTES_PER_ENTRY = 150;

    /** The most number techniques a profile has (caller, callee, forwarded-to, SMS destination). */
    private static final int MAX_NUMBER_TECHNIQUES = 4;

    @Option(names = "--skip-rows", paramLabel = "N", defaultValue = "0",
            description = "Skip N data rows and append to --out and the report, e.g. after fixing the row a run"
                    + " stopped at; refused when --out ends in a partial row (use --resume).")
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
            description = "auto (a bar on a terminal, plain lines otherwise; the default), bar, lines or none."
                    + " Its row counts are not resume points: --resume finds the point from the files.")
    Progress.Mode progress;

    @Option(names = "--progress-interval", paramLabel = "SECONDS", defaultValue = "5",
            description = "The least time between two progress lines, 0.1 to 3600 (default 5).")
    double progressInterval;

    @Spec
    CommandSpec spec;

    @Option(names = "--resume",
            description = "Continue the interrupted run that wrote --out: the same command plus --resume. Cuts the"
                    + " output and the report back to the last row both hold whole and appends from there.")
    boolean resume;

    @Override
    public void run() {
        BulkOptions options = options();
        Duration interval = interval();
        Path report = rejections != null ? rejections : out.resolveSibling(out.getFileName() + ".rejections.csv");
        checkFiles(report);
        Policy loaded = PolicyFiles.loadOrDefault(policy, "--policy");
        CdrProfile cdrProfile = CdrProfiles.resolve(profile);
        PseudonymContextDefinition context = loaded.pseudonymContext(cdrProfile.context())
                .orElseThrow(() -> new BadInputException("--profile: the policy declares no pseudonymization context "
                        + cdrProfile.context()));
        CdrProfiles.check(cdrProfile, context, profile);
        PrivacyKit kit = kit(loaded, context);
        CdrPseudonymizer pseudonymizer = CdrPseudonymizer.create(
                kit.pseudonyms().as(Actor.system(ACTOR, Set.of(ROLE))), cdrProfile);
        Map<String, Object> parameters = parameters(cdrProfile, report);
        Instant started = Instant.now();
        PrintWriter stdout = spec.commandLine().getOut();
        try {
            long skip = skipRows;
            String resumed = "";
            if (resume) {
                RunRecord.checkResume(out, parameters);
                ResumePoint point = ResumePoint.cut(out, report);
                skip = point.rows();
                resumed = "; resuming: " + point.describe();
            } else {
                if (skipRows > 0 && !ResumePoint.endsInRecord(out)) {
                    throw new BadInputException("--skip-rows: " + out + " ends in a partial row: use --resume");
                }
                RunRecord.writeResume(out, parameters);
            }
            List<Map<String, Object>> runs = new ArrayList<>(resume || skipRows > 0 ? RunRecord.earlierRuns(out) : List.of());
            Map<String, Object> entry = entry(parameters, context, started, skip);
            runs.add(entry);
            RunRecord.writeRuns(out, runs);
            stdout.println("pseudonymizing " + in + " -> " + out + " with profile " + profile + " ("
                    + CdrProfiles.describe(cdrProfile) + "), key version " + keyVersion + ", " + options.threads()
                    + (options.threads() == 1 ? " thread" : " threads")
                    + (memoEntries() > 0 ? ", a memo of " + memoEntries() + " numbers per technique" : "")
                    + (skip > 0 && !resume ? ", resuming after row " + skip : "") + resumed);
            stdout.flush();
            MessageDigest inputDigest = RunRecord.sha256();
            BulkReport result = pseudonymize(pseudonymizer, options.withSkipRows(skip), skip, report, interval,
                    inputDigest);
            entry.put("ended", Instant.now().toString());
            entry.put("outcome", result.stopped().map(r -> "stopped early").orElse("completed"));
            entry.put("inputSha256", HexFormat.of().formatHex(inputDigest.digest()));
            entry.put("outputSha256", RunRecord.sha256(out));
            entry.put("rowsRead", result.rowsRead());
            entry.put("rowsWritten", result.rowsWritten());
            entry.put("rowsRejected", result.rowsRejected());
            RunRecord.writeRuns(out, runs);
            summarize(stdout, result, skip, report, kit);
            if (result.stopped().isPresent()) {
                long row = result.rowsRead() + 1;
                throw new CheckFailedException("stopped before the end of " + in + " at data row " + row + ": fix data row "
                        + row + " (an unclosed or stray quote), then resume with --skip-rows " + result.rowsRead());
            }
            if (result.rowsRejected() > 0) {
                throw new CheckFailedException(result.rowsRejected() + (result.rowsRejected() == 1 ? " row was" : " rows were")
                        + " rejected; see " + report);
            }
        } catch (IOException e) {
            throw new BadInputException("reading " + in + " or writing " + out + " or " + report + " failed ("
                    + e.getClass().getSimpleName() + "); rerun the same command with --resume", e);
        }
    }

    private Map<String, Object> parameters(CdrProfile cdrProfile, Path report) {
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("profile", CdrProfiles.describe(cdrProfile));
        parameters.put("context", cdrProfile.context());
        parameters.put("keyVersion", keyVersion);
        parameters.put("input", in.toAbsolutePath().normalize().toString());
        try {
            parameters.put("inputSize", Files.size(in));
        } catch (IOException e) {
            throw new BadInputException("--in: cannot read " + in, e);
        }
        parameters.put("rejections", report.toAbsolutePath().normalize().toString());
        return parameters;
    }

    private Map<String, Object> entry(Map<String, Object> parameters, PseudonymContextDefinition context,
            Instant started, long skip) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("mode", resume ? "resume" : skipRows > 0 ? "skip-rows" : "new");
        entry.put("actor", ACTOR);
        entry.put("osUser", System.getProperty("user.name"));
        entry.put("started", started.toString());
        entry.put("ended", null);
        entry.put("outcome", "running");
        entry.put("profile", parameters.get("profile"));
        entry.put("context", context.context());
        entry.put("purpose", context.purpose().toString());
        entry.put("keyVersion", keyVersion);
        entry.put("input", in.getFileName().toString());
        entry.put("inputSize", parameters.get("inputSize"));
        entry.put("rowsSkipped", skip);
        // the one setting that keeps clear numbers in the heap for the whole run: entries per technique, 0 = off
        entry.put("pseudonymMemo", memoEntries());
        return entry;
    }

    /** The memo's entries per technique once rounded down to a power of two, 0 for none. */
    private int memoEntries() {
        return memo <= 0 ? 0 : Integer.highestOneBit(memo);
    }

    private BulkOptions options() {
        try {
            BulkOptions options = BulkOptions.defaults().withSkipRows(skipRows).withPseudonymMemo(memo);
            long heap = Runtime.getRuntime().maxMemory();
            long worst = (long) memoEntries() * MEMO_BYTES_PER_ENTRY * MAX_NUMBER_TECHNIQUES;
            if (worst > heap / 4) {
                throw new BadInputException("--memo " + memo + " could take about " + worst / (1024 * 1024)
                        + " MB of heap (" + memoEntries() + " entries of about " + MEMO_BYTES_PER_ENTRY
                        + " bytes, for up to " + MAX_NUMBER_TECHNIQUES + " number techniques), more than a quarter"
                        + " of this JVM's " + heap / (1024 * 1024) + " MB: use a smaller --memo or a larger -Xmx");
            }
            return threads == null ? options : options.withThreads(threads);
        } catch (InvalidInputException e) {
            String option = switch (e.argument()) {
                case "threads" -> "threads";
                case "pseudonymMemo" -> "memo";
                default -> "skip-rows";
            };
            throw new BadInputException("--" + option + " " + e.rule(), e);
        }
    }

    private Duration interval() {
        if (!(progressInterval >= 0.1 && progressInterval <= 3600)) {
            throw new BadInputException("--progress-interval must be between 0.1 and 3600 seconds");
        }
        return Duration.ofMillis(Math.round(progressInterval * 1000));
    }

    private void checkFiles(Path report) {
        if (resume && skipRows > 0) {
            throw new BadInputException("--resume and --skip-rows exclude each other: --resume finds the row itself");
        }
        for (Path other : List.of(in, out, RunRecord.resumeFile(out), RunRecord.runFile(out))) {
            if (same(report, other)) {
                throw new BadInputException("--rejections must not be " + (other == in ? "the input file"
                        : other == out ? "the output file" : "a file the run keeps beside its output"));
            }
        }
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
        if (same(in, out)) {
            throw new BadInputException("--out must not be the input file");
        }
        if ((skipRows > 0 || resume) && !Files.isRegularFile(out)) {
            throw new BadInputException((resume ? "--resume" : "--skip-rows") + " continues an earlier run, and its output "
                    + out + " does not exist");
        }
    }

    /** Whether two paths name one file: the same normalized absolute path, or the same existing file. */
    private static boolean same(Path a, Path b) {
        if (a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize())) {
            return true;
        }
        try {
            return Files.exists(a) && Files.exists(b) && Files.isSameFile(a, b);
        } catch (IOException e) {
            return false;
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

    private BulkReport pseudonymize(CdrPseudonymizer pseudonymizer, BulkOptions options, long skip, Path report,
            Duration interval, MessageDigest inputDigest) throws IOException {
        boolean append = skip > 0 || resume;
        OpenOption[] mode = append
                ? new OpenOption[] {StandardOpenOption.APPEND}
                : new OpenOption[] {StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                    StandardOpenOption.WRITE};
        PrintWriter err = spec.commandLine().getErr();
        Thread interrupted = new Thread(() -> {
            synchronized (err) {
                err.println();
                err.println("interrupted: rerun the same command with --resume");
                err.flush();
            }
        }, "clickphone-privacy-interrupted");
        Runtime.getRuntime().addShutdownHook(interrupted);
        try (InputStream file = Files.newInputStream(in);
                DigestInputStream digested = new DigestInputStream(file, inputDigest);
                CountingInputStream counted = new CountingInputStream(digested);
                // The parser closes its reader at the end; the rest of the input is then still read for its digest.
                Reader reader = new InputStreamReader(new FilterInputStream(counted) {
                    @Override
                    public void close() {
                        // closed with the file, below
                    }
                }, StandardCharsets.UTF_8);
                Writer writer = Files.newBufferedWriter(out, StandardCharsets.UTF_8, mode);
                CsvOutput output = new CsvOutput(writer, append && Files.size(out) > 0);
                RejectionReport rejected = RejectionReport.open(report, append)) {
            AtomicLong rejectedCount = new AtomicLong();
            long total = Files.size(in);
            Progress shown = Progress.start(progress, Progress.terminal(System.console(), ClickPhonePrivacyCli.environment(spec)),
                    err, interval, () -> output.lines() + rejectedCount.get(), counted::count, skip, total);
            try {
                BulkReport result = CdrCsv.pseudonymize(reader, output, pseudonymizer, options, rejection -> {
                    rejectedCount.incrementAndGet();
                    rejected.accept(rejection);
                });
                if (result.stopped().isEmpty()) {
                    shown.finish();
                }
                counted.transferTo(OutputStream.nullOutputStream());
                return result;
            } finally {
                shown.close();
            }
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(interrupted);
            } catch (IllegalStateException e) {
                // The JVM is shutting down: the hook runs, as it should.
            }
        }
    }

    private void summarize(PrintWriter stdout, BulkReport result, long skip, Path report, PrivacyKit kit) {
        stdout.println("rows read " + result.rowsRead() + (skip > 0 ? " (" + skip + " skipped)" : "")
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
        stdout.println("run record: " + RunRecord.runFile(out));
        stdout.flush();
    }
}
