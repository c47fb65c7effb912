package ro.clickphone.privacy.examples.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import ro.clickphone.privacy.core.audit.AuditSettings;
import ro.clickphone.privacy.core.audit.AuditVerification;
import ro.clickphone.privacy.core.audit.AuditVerifier;
import ro.clickphone.privacy.core.audit.ChainBreak;
import ro.clickphone.privacy.core.audit.FileCheckpointAnchor;
import ro.clickphone.privacy.jpa.JpaStores;
import ro.clickphone.privacy.spi.PrivacyException;
import ro.clickphone.privacy.spi.audit.AuditCheckpoint;
import ro.clickphone.privacy.spi.audit.AuditLogStore;

/** {@code clickphone-privacy audit}: the audit trail's commands. */
@Command(name = "audit", mixinStandardHelpOptions = true,
        description = "Work on the tamper-evident audit trail kept in a JDBC store.",
        subcommands = AuditCommand.Verify.class)
final class AuditCommand extends CommandGroup {

    /**
     * {@code audit verify}: walks the trail and its signed checkpoints with the checkpoint signer's
     * public key alone ({@link AuditVerifier}): no private key, no pseudonym key, nothing written.
     */
    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = {"Verify the audit trail: every entry against its hash and its predecessor, every"
                    + " checkpoint against the signer's public key, and the trail against anchored checkpoints.",
                "Prints the entries and checkpoints checked and, on a break, its kind and its position (the"
                    + " entry's sequence number); exit 1 when the trail is broken. Reads only: nothing is"
                    + " written to the trail or the schema."},
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {"0:the trail is intact", "1:the trail is broken (kind and position printed)",
                "2:usage or bad input"})
    static final class Verify implements Runnable {

        private static final int CHECKPOINT_PAGE = 500;

        @Spec
        CommandSpec spec;

        @Mixin
        DatabaseOptions database;

        @Option(names = "--public-key", required = true, paramLabel = "FILE",
                description = "The current checkpoint signer's published key (JSON: keyId, algorithm Ed25519,"
                        + " publicKey, no validUntil; or a PEM public key with --key-id), trusted for checkpoints of"
                        + " any time.")
        Path publicKey;

        @Option(names = "--key-id", paramLabel = "ID",
                description = "The key id the checkpoints carry, when --public-key is a PEM file (which names"
                        + " none).")
        String keyId;

        @Option(names = "--earlier-key", paramLabel = "FILE",
                description = "A key that signed checkpoints before a rotation, trusted only within its"
                        + " validFrom and validUntil (both required). Repeatable.")
        List<Path> earlierKeys = new ArrayList<>();

        @Option(names = "--anchor", paramLabel = "FILE",
                description = "A checkpoint anchor file (FileCheckpointAnchor) kept outside the database: the"
                        + " trail must reach and match every checkpoint in it. Without one, a tail dropped with its"
                        + " checkpoints does not show. Repeatable.")
        List<Path> anchors = new ArrayList<>();

        @Option(names = "--checkpoint-interval", paramLabel = "N", defaultValue = "" + AuditSettings.DEFAULT_CHECKPOINT_INTERVAL,
                description = "The interval the trail's writers use (default: ${DEFAULT-VALUE}); checkpoints of"
                        + " format 2 carry their own.")
        int checkpointInterval;

        @Override
        public void run() {
            if (checkpointInterval < 1 || checkpointInterval > 1_000_000) {
                throw new BadInputException("--checkpoint-interval must be between 1 and 1000000");
            }
            database.checkedUrl();
            // Every file is read before the database is opened: a bad key or anchor fails fast.
            PublishedKeyFile current = PublishedKeyFile.read(publicKey, "--public-key", keyId);
            if (keyId != null && !keyId.equals(current.keyId())) {
                throw new BadInputException("--key-id differs from the keyId in the --public-key file");
            }
            if (current.validUntil().isPresent()) {
                // --public-key is trusted for checkpoints of any time; a key that stopped signing is not
                throw new BadInputException("--public-key: the key has a validUntil, so it no longer signs: give it as"
                        + " --earlier-key, and the current key as --public-key");
            }
            List<PublishedKeyFile> earlier = earlierKeys();
            List<AuditCheckpoint> anchored = anchoredCheckpoints();
            AuditVerification result;
            Optional<AuditCheckpoint> lastSigned;
            try (DatabaseOptions.Opened db = database.openReadOnly(spec)) {
                AuditLogStore store = JpaStores.create(db.emf()).auditLog();
                AuditVerifier verifier = AuditVerifier.of(store, current.verifier("--public-key"))
                        .withCheckpointInterval(checkpointInterval);
                for (PublishedKeyFile key : earlier) {
                    verifier = verifier.withVerifier(key.verifier("--earlier-key"), key.validFrom().orElseThrow(),
                            key.validUntil().orElseThrow());
                }
                result = anchored.isEmpty() ? verifier.verify() : verifier.verify(anchored);
                lastSigned = result.intact() ? lastCheckpointUpTo(store, result.entriesChecked()) : Optional.empty();
            }
            PrintWriter out = spec.commandLine().getOut();
            out.println("entries checked:      " + result.entriesChecked());
            out.println("checkpoints checked:  " + result.checkpointsChecked());
            if (!anchored.isEmpty()) {
                out.println("anchored checkpoints: " + anchored.size());
            }
            if (result.intact()) {
                out.println("audit trail intact");
                signedOrNot(out, lastSigned, result.entriesChecked());
                if (anchored.isEmpty()) {
                    out.println("no anchor given: a tail dropped with its checkpoints would not show");
                }
                return;
            }
            ChainBreak chainBreak = result.firstBreak().orElseThrow();
            out.println("audit trail BROKEN: " + chainBreak.kind() + " at entry " + chainBreak.sequence());
            out.println("  " + chainBreak.description());
            out.flush();
            throw new CheckFailedException("the audit trail is broken at entry " + chainBreak.sequence() + " ("
                    + chainBreak.kind() + ")");
        }

        /**
         * "Intact" is not "signed": the entries after the last checkpoint are hash-chained, and a writer
         * of the store could have rewritten them with recomputed hashes.
         */
        private static void signedOrNot(PrintWriter out, Optional<AuditCheckpoint> lastSigned, long entries) {
            long signedThrough = lastSigned.map(AuditCheckpoint::sequence).orElse(0L);
            out.println("last signed checkpoint: " + lastSigned.map(c -> "entry " + c.sequence() + " (" + c.createdAt()
                    + ")").orElse("none"));
            if (entries > signedThrough) {
                out.println("entries " + (signedThrough + 1) + ".." + entries + ": hash-chained, not yet signed");
            }
        }

        /**
         * The newest checkpoint over the entries just verified, read after the verification: one the
         * verification checked (a writer appending meanwhile adds checkpoints only beyond them).
         */
        private static Optional<AuditCheckpoint> lastCheckpointUpTo(AuditLogStore store, long sequence) {
            Optional<AuditCheckpoint> latest = store.latestCheckpoint();
            if (latest.isEmpty() || latest.get().sequence() <= sequence) {
                return latest;
            }
            Optional<AuditCheckpoint> found = Optional.empty();
            long from = 1;
            while (true) {
                List<AuditCheckpoint> page = store.readCheckpoints(from, CHECKPOINT_PAGE);
                for (AuditCheckpoint c : page) {
                    if (c.sequence() > sequence) {
                        return found;
                    }
                    found = Optional.of(c);
                }
                if (page.size() < CHECKPOINT_PAGE) {
                    return found;
                }
                from = page.get(page.size() - 1).sequence() + 1;
            }
        }

        private List<PublishedKeyFile> earlierKeys() {
            List<PublishedKeyFile> earlier = new ArrayList<>();
            for (Path file : earlierKeys) {
                PublishedKeyFile key = PublishedKeyFile.read(file, "--earlier-key");
                if (key.validFrom().isEmpty() || key.validUntil().isEmpty()) {
                    throw new BadInputException("--earlier-key: an earlier key needs validFrom and validUntil");
                }
                earlier.add(key);
            }
            return earlier;
        }

        private List<AuditCheckpoint> anchoredCheckpoints() {
            List<AuditCheckpoint> all = new ArrayList<>();
            for (Path file : anchors) {
                if (!Files.isRegularFile(file)) {
                    throw new BadInputException("--anchor: no such file");
                }
                try {
                    all.addAll(FileCheckpointAnchor.at(file).all());
                } catch (PrivacyException e) {
                    throw new BadInputException("--anchor: " + e.getMessage(), e);
                }
            }
            return all;
        }
    }
}
