package ro.clickphone.privacy.examples.cli;

import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import ro.clickphone.privacy.crypto.EnvelopeKeys;
import ro.clickphone.privacy.crypto.KeySettings;
import ro.clickphone.privacy.crypto.RewrapReport;
import ro.clickphone.privacy.crypto.kek.Pkcs12KeyEncryptionKeyProvider;
import ro.clickphone.privacy.jpa.JpaStores;

/** {@code clickphone-privacy keys}: key rotation against a PKCS#12 KEK file and a JDBC store. */
@Command(name = "keys", mixinStandardHelpOptions = true,
        description = "Rotate the key-encryption key (KEK) and rewrap the data keys under it.",
        subcommands = {KeysCommand.Rotate.class, KeysCommand.Rewrap.class})
final class KeysCommand extends CommandGroup {

    /** {@code keys rotate}: a new KEK version in the key store file ({@link Pkcs12KeyEncryptionKeyProvider#rotate()}). */
    @Command(name = "rotate", mixinStandardHelpOptions = true,
            description = {"Add a new version of the KEK to the PKCS#12 file; new data keys are wrapped under it"
                    + " from now on, older versions still unwrap.",
                "Next: reopen every application instance on the file, then run 'keys rewrap' (with"
                    + " --retire-old to delete the older versions once nothing is left under them)."})
    static final class Rotate implements Runnable {

        @Spec
        CommandSpec spec;

        @Mixin
        KekOptions kek;

        @Override
        public void run() {
            Pkcs12KeyEncryptionKeyProvider provider = kek.open(spec);
            int before = provider.currentVersion();
            int now = provider.rotate();
            PrintWriter out = spec.commandLine().getOut();
            out.println("KEK " + provider.kekId() + ": version " + now + " added and current (was " + before + ")");
            out.println("next: reopen the applications on this file, then run 'keys rewrap' (add --retire-old to"
                    + " delete version " + before + " and older once nothing is wrapped under them)");
        }
    }

    /**
     * {@code keys rewrap}: every data key of the subject key store moved to the current KEK version
     * ({@link EnvelopeKeys#rewrap(int)}), batch after batch; a rerun continues where an interrupted one stopped.
     */
    @Command(name = "rewrap", mixinStandardHelpOptions = true,
            description = {"Rewrap every data key in the JDBC subject key store under the current KEK version,"
                    + " in batches; safe to interrupt and run again (it continues).",
                "With --retire-old, the older KEK versions are then deleted from the file, only if no data key"
                    + " is left under them. Pseudonym root keys wrapped under the same KEK are not in the store:"
                    + " rewrap them (PseudonymKeys.rewrap) before retiring, or they are lost."},
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {"0:every data key is under the current version (and older versions retired if asked)",
                "1:keys could not be unwrapped and remain under an older version; nothing retired",
                "2:usage or bad input; or --retire-old refused: the current KEK version is younger than --min-age"})
    static final class Rewrap implements Runnable {

        @Spec
        CommandSpec spec;

        @Mixin
        KekOptions kek;

        @Mixin
        DatabaseOptions database;

        @Option(names = "--batch", paramLabel = "N", defaultValue = "1000",
                description = "Keys per batch, 1 to 100000 (default: ${DEFAULT-VALUE}).")
        int batch;

        @Option(names = "--retire-old",
                description = "Afterwards, delete the KEK versions older than the current one from the file"
                        + " (refused while any data key is wrapped under them). An application that has not"
                        + " reopened the file since 'keys rotate' still wraps new data keys under the old"
                        + " version, and those keys are lost once it is retired: reopen every application first."
                        + " Refused while the current version is younger than --min-age, unless --force.")
        boolean retireOld;

        @Option(names = "--min-age", paramLabel = "DURATION", defaultValue = "1h",
                converter = IncidentsCommand.DurationConverter.class,
                description = "With --retire-old: how old the current KEK version must be (the time the key store"
                        + " file records for its entry), so that every application has reopened the file since"
                        + " (default: ${DEFAULT-VALUE}).")
        Duration minAge;

        @Option(names = "--force", description = "With --retire-old: retire even if the current version is younger"
                + " than --min-age.")
        boolean force;

        @Override
        public void run() {
            if (batch < 1 || batch > 100_000) {
                throw new BadInputException("--batch must be between 1 and 100000");
            }
            database.checkedUrl();
            Pkcs12KeyEncryptionKeyProvider provider = kek.open(spec);
            if (retireOld && !force) {
                requireOldEnough(provider);
            }
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            try (DatabaseOptions.Opened db = database.open(spec)) {
                EnvelopeKeys keys = EnvelopeKeys.create(KeySettings.of(provider),
                        JpaStores.create(db.emf()).subjectKeys(), Clock.systemUTC());
                long rewrapped = 0;
                long unbound = 0;
                RewrapReport last;
                do {
                    last = keys.rewrap(batch);
                    rewrapped += last.rewrapped();
                    unbound += last.unbound();
                    if (!last.done() && last.rewrapped() > 0) {
                        err.println("progress: " + rewrapped + " data keys rewrapped");
                        err.flush();
                    }
                } while (!last.done() && last.rewrapped() > 0);
                int current = provider.currentVersion();
                out.println("KEK " + provider.kekId() + ", current version " + current);
                out.println("rewrapped:  " + rewrapped + (unbound == 0 ? ""
                        : " (" + unbound + " of them unbound keys, now bound for decryption only)"));
                if (!last.done() && last.rewrapped() == 0 && last.failed() >= batch) {
                    // the store hands out the keys left in one order: a batch of keys that cannot be
                    // unwrapped comes back on every call, and the readable keys behind it are never reached
                    out.println("stalled:    the next " + batch + " keys under an older version cannot be unwrapped"
                            + (retireOld ? "; nothing retired" : ""));
                    out.flush();
                    throw new CheckFailedException((rewrapped == 0 ? "nothing rewrapped" : "rewrap stopped after "
                            + rewrapped + " keys") + ": the first batch is all unreadable keys; raise --batch or"
                            + " repair them");
                }
                if (!last.done()) {
                    out.println("failed:     " + last.failed() + (last.failed() >= batch ? " or more" : "")
                            + " (cannot be unwrapped: damaged, or under a KEK version the file no longer holds)");
                    out.println("remaining:  " + last.remaining() + (last.remaining() >= batch ? " or more" : "")
                            + " under an older version");
                    if (retireOld) {
                        out.println("nothing retired");
                    }
                    out.flush();
                    throw new CheckFailedException("data keys remain under an older KEK version: "
                            + "repair or shred them, then run again");
                }
                out.println("remaining:  0: every data key is under version " + current);
                if (retireOld) {
                    for (int version = 1; version < current; version++) {
                        keys.retireKekVersion(version);
                    }
                    out.println(current > 1 ? "retired:    KEK versions 1 to " + (current - 1) : "retired:    none older");
                }
            }
        }

        /**
         * Refuses to retire while the current version is younger than {@code --min-age}: an application
         * that opened the file before the rotation wraps under the older version until it reopens it.
         */
        private void requireOldEnough(Pkcs12KeyEncryptionKeyProvider provider) {
            if (minAge.isNegative()) {
                throw new BadInputException("--min-age must not be negative");
            }
            int current = provider.currentVersion();
            if (current == 1) {
                return;
            }
            Optional<Instant> created = provider.createdAt(current);
            Duration age = created.map(c -> Duration.between(c, Instant.now())).orElse(Duration.ZERO);
            if (age.compareTo(minAge) < 0) {
                throw new BadInputException("--retire-old: KEK version " + current + " is "
                        + (created.isEmpty() ? "of unknown age" : IncidentsCommand.words(age.isNegative() ? Duration.ZERO : age)
                        + " old") + ", younger than --min-age " + IncidentsCommand.words(minAge)
                        + ": an application that has not reopened the key store since it was added still wraps under an"
                        + " older version; reopen them all, then run again (or give --force)");
            }
        }
    }
}
