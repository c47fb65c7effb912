package ro.clickphone.privacy.examples.cli;

import jakarta.persistence.EntityManagerFactory;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import ro.clickphone.privacy.core.PrivacyKit;
import ro.clickphone.privacy.core.audit.AuditSettings;
import ro.clickphone.privacy.core.consent.ConsentSettings;
import ro.clickphone.privacy.core.policy.Policy;
import ro.clickphone.privacy.crypto.KeySettings;
import ro.clickphone.privacy.crypto.kek.Pkcs12KeyEncryptionKeyProvider;
import ro.clickphone.privacy.crypto.sign.Ed25519Signer;
import ro.clickphone.privacy.examples.support.Database;
import ro.clickphone.privacy.jpa.JpaStores;
import ro.clickphone.privacy.spi.SecretBytes;

/**
 * A real H2 file database in a temporary folder, migrated with the JPA plugin's migrations, and a kit
 * writing real data into it with real keys (Ed25519 audit and receipt signers, a PKCS#12 KEK file);
 * then the tool run against it as a separate user would, after the application closed it.
 */
final class StoreFixture implements AutoCloseable {

    static final String KEK_ID = "clickphone-kek";
    static final String KEK_PASSWORD = "kek-password-for-tests";
    static final int CHECKPOINT_INTERVAL = 5;

    final Path dir;
    final String url;
    final Ed25519Signer auditSigner = Ed25519Signer.generate("audit-2026");
    final Ed25519Signer receiptSigner = Ed25519Signer.generate("receipts-2026");
    final Instant receiptKeyFrom = Instant.parse("2026-01-01T00:00:00Z");
    final Path kekFile;
    final Path kekPasswordFile;
    private final SecretBytes pseudonymKey = SecretBytes.copyOf(bytes(1));
    private final SecretBytes sealKey = SecretBytes.copyOf(bytes(2));
    private Database database;
    private EntityManagerFactory emf;
    private PrivacyKit kit;

    StoreFixture(Path dir) {
        this.dir = dir;
        this.url = "jdbc:h2:file:" + dir.resolve("store").toAbsolutePath();
        this.kekFile = dir.resolve("kek.p12");
        this.kekPasswordFile = write("kek-password.txt", KEK_PASSWORD + "\n");
        Pkcs12KeyEncryptionKeyProvider.create(kekFile, KEK_PASSWORD.toCharArray(), KEK_ID);
        Database.open(url, null, null, List.of(), List.of()).close();
    }

    private static byte[] bytes(int seed) {
        byte[] b = new byte[32];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) (seed * 31 + i);
        }
        return b;
    }

    /** The application's kit over the database (opened once, until {@link #closeKit()}). */
    PrivacyKit kit() {
        if (kit == null) {
            database = Database.existing(url, null, null, List.of());
            emf = database.newEmf(Map.of());
            kit = PrivacyKit.builder()
                    .policy(Policy.clickPhoneDefault())
                    .clock(Clock.systemUTC())
                    .stores(JpaStores.create(emf))
                    .audit(AuditSettings.of(auditSigner, pseudonymKey).withCheckpointInterval(CHECKPOINT_INTERVAL))
                    .consent(ConsentSettings.defaults().withSealKey(sealKey).withReceiptSigner(receiptSigner,
                            receiptKeyFrom))
                    .keys(KeySettings.of(Pkcs12KeyEncryptionKeyProvider.open(kekFile, KEK_PASSWORD.toCharArray(),
                            KEK_ID)))
                    .build();
        }
        return kit;
    }

    /** The application stops: the tool then works on the database alone. */
    void closeKit() {
        if (kit != null) {
            kit.close();
            kit = null;
        }
        if (database != null) {
            database.close();
            database = null;
        }
    }

    Path write(String name, String text) {
        try {
            return Files.writeString(dir.resolve(name), text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Raw JDBC, as the attacker with write access to the database. */
    void sql(String statement) {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.executeUpdate(statement);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    long count(String query) {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(query)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Runs the tool with these environment variables (nothing else from the process's). */
    static Run cli(Map<String, String> env, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = ClickPhonePrivacyCli.run(args, new PrintWriter(out), new PrintWriter(err), env::get);
        return new Run(code, out.toString(), err.toString());
    }

    static Run cli(String... args) {
        return cli(Map.of(), args);
    }

    @Override
    public void close() {
        closeKit();
    }

    /**
     * What a run of the tool gave.
     *
     * @param code the exit code
     * @param out standard output
     * @param err standard error
     */
    record Run(int code, String out, String err) {

        /** Standard error, progress lines aside, is one line, without a stack trace. */
        boolean oneLineError() {
            List<String> lines = err.lines().filter(l -> !l.startsWith("progress: ")).toList();
            return lines.size() == 1 && lines.get(0).startsWith("clickphone-privacy: ") && !err.contains("\tat ");
        }

        @Override
        public String toString() {
            return "exit " + code + "\n--- out\n" + out + "--- err\n" + err;
        }
    }
}
