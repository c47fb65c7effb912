package ro.clickphone.privacy.hibernate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.persistence.EntityManagerFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.util.Map;
import org.hibernate.SessionFactory;
import org.hibernate.StatelessSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import ro.clickphone.privacy.core.PrivacyKit;
import ro.clickphone.privacy.core.policy.Policy;
import ro.clickphone.privacy.core.rekey.ReindexJob;
import ro.clickphone.privacy.core.rekey.RekeyProgress;
import ro.clickphone.privacy.crypto.KeySettings;
import ro.clickphone.privacy.crypto.kek.Pkcs12KeyEncryptionKeyProvider;
import ro.clickphone.privacy.hibernate.entities.RekeyAccount;
import ro.clickphone.privacy.jpa.JpaStores;
import ro.clickphone.privacy.jpa.testing.DatabaseKind;
import ro.clickphone.privacy.jpa.testing.OnDatabase;
import ro.clickphone.privacy.jpa.testing.TestDatabase;
import ro.clickphone.privacy.spi.SecretBytes;
import ro.clickphone.privacy.spi.memory.InMemoryStores;
import ro.clickphone.privacy.spi.rekey.RekeySource;
import ro.clickphone.privacy.spi.rekey.RekeySourceContract;

/**
 * The hibernate module's re-index source over an entity keyed by its subject id, a String (ids whose text
 * order is not their numeric order, upper and lower case; a bound record id allows letters, digits and
 * {@code . _ : -} only), on each database: the spi's source
 * contract, and a finished job whose checkpoint row keeps no subject id.
 */
abstract class EntityRekeySourceStringIdTest extends RekeySourceContract {

    private final TestDatabase db;
    private PrivacyKit kit;
    private EntityManagerFactory emf;

    EntityRekeySourceStringIdTest(TestDatabase db) {
        this.db = db;
    }

    private static String id(long n) {
        return switch ((int) (n % 3)) {
            case 0 -> "ana.pop:" + n;
            case 1 -> "Z_" + n;
            default -> "acct-" + n * 7;
        };
    }

    @AfterEach
    void close() {
        if (emf != null) {
            emf.close();
            kit.close();
        }
    }

    @Override
    protected RekeySource sourceWithRows(int rows) {
        try {
            kit = PrivacyKit.builder().stores(InMemoryStores.create()).policy(Policy.clickPhoneDefault())
                    .clock(Clock.systemUTC()).keys(KeySettings.of(Pkcs12KeyEncryptionKeyProvider.create(
                            Files.createTempDirectory("cpp-rekey").resolve("kek.p12"), "pw".toCharArray(), "kek")))
                    .searchableFields(SecretBytes.copyOf(new byte[32])).build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        emf = Units.emf(db.jdbcUrl(), Map.of(FieldEncryption.KIT, kit), RekeyAccount.class);
        try (StatelessSession s = emf.unwrap(SessionFactory.class).openStatelessSession()) {
            s.getTransaction().begin();
            for (long n = 1; n <= rows; n++) {
                s.insert(new RekeyAccount(id(n), "user" + n + "@example.ro"));
            }
            s.getTransaction().commit();
        }
        return FieldEncryption.reindexSource(emf, RekeyAccount.class, "email");
    }

    @Override
    protected String storedValue(String key) {
        String[] out = new String[1];
        db.jdbc(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT email_index FROM hb_rekey_account WHERE id = ?")) {
                s.setString(1, key);
                try (ResultSet rs = s.executeQuery()) {
                    out[0] = rs.next() ? rs.getString(1) : null;
                }
            }
        });
        return out[0];
    }

    @Override
    protected void writerChanges(String key) {
        Units.inTransaction(emf, em -> {
            em.find(RekeyAccount.class, key).setEmail("changed." + key.length() + "@example.ro");
            return null;
        });
    }

    @Override
    protected void writerDeletes(String key) {
        db.jdbc(c -> {
            try (PreparedStatement s = c.prepareStatement("DELETE FROM hb_rekey_account WHERE id = ?")) {
                s.setString(1, key);
                s.executeUpdate();
            }
        });
    }

    /** A finished pass over rows keyed by subject ids leaves no subject id in the checkpoint table. */
    @Test
    void finishedJob_keepsNoSubjectId_inItsCheckpointRow() {
        RekeySource source = sourceWithRows(9);
        String job = "reindex:account.email";
        ReindexJob reindex = ReindexJob.of(job, source, FieldEncryption.blindIndexField(emf, RekeyAccount.class, "email"),
                JpaStores.jobCheckpoints(db.emf())).withBatchSize(4);
        reindex.restart();
        RekeyProgress done = reindex.run();
        assertTrue(done.finished());
        assertEquals(9, done.alreadyCurrent());
        String[] position = new String[1];
        db.jdbc(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT row_position FROM cpp_job_checkpoint WHERE job_id = ?")) {
                s.setString(1, job);
                try (ResultSet rs = s.executeQuery()) {
                    assertTrue(rs.next());
                    position[0] = rs.getString(1);
                }
            }
        });
        assertTrue(position[0] == null || position[0].isEmpty(), "the checkpoint keeps a row key");
        reindex.restart();
    }

    @OnDatabase(value = DatabaseKind.H2, migrations = {"testdb-rekey"})
    static class OnH2Test extends EntityRekeySourceStringIdTest {
        OnH2Test(TestDatabase db) {
            super(db);
        }
    }

    @OnDatabase(value = DatabaseKind.POSTGRES, migrations = {"testdb-rekey"})
    static class OnPostgresTest extends EntityRekeySourceStringIdTest {
        OnPostgresTest(TestDatabase db) {
            super(db);
        }
    }

    @OnDatabase(value = DatabaseKind.MARIADB, migrations = {"testdb-rekey"})
    static class OnMariaDbTest extends EntityRekeySourceStringIdTest {
        OnMariaDbTest(TestDatabase db) {
            super(db);
        }
    }
}
