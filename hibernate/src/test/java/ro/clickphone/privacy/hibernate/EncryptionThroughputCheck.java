package ro.clickphone.privacy.hibernate;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import ro.clickphone.privacy.core.PrivacyKit;
import ro.clickphone.privacy.crypto.FieldContext;
import ro.clickphone.privacy.crypto.FieldEncryptor;
import ro.clickphone.privacy.crypto.Normalization;
import ro.clickphone.privacy.crypto.search.BlindIndexField;
import ro.clickphone.privacy.hibernate.entities.Customer;
import ro.clickphone.privacy.hibernate.entities.PlainCustomer;
import ro.clickphone.privacy.jpa.testing.DatabaseKind;
import ro.clickphone.privacy.jpa.testing.TestDatabase;
import ro.clickphone.privacy.spi.DataCategory;
import ro.clickphone.privacy.spi.SubjectId;

/**
 * Not a test (surefire does not pick it up by name; run it with {@code -Dtest=EncryptionThroughputCheck}): persist
 * and load 10 000 entities with 3 encrypted attributes (and a blind index) and the same entities unencrypted, in
 * the same run, on H2 and on PostgreSQL when {@code CLICKPHONE_PRIVACY_IT_POSTGRES} is set, alternating rounds;
 * writes the ratios to {@code target/encryption-throughput.txt}. No assertion: a measurement, not a gate.
 */
class EncryptionThroughputCheck {

    private static final int ENTITIES = 10_000;
    private static final int BATCH = 500;
    private static final int ROUNDS = 3;

    @Test
    void measure() throws IOException {
        StringBuilder report = new StringBuilder();
        for (DatabaseKind kind : List.of(DatabaseKind.H2, DatabaseKind.POSTGRES)) {
            if (!kind.enabled()) {
                continue;
            }
            try (TestDatabase db = TestDatabase.open(kind, "throughput", List.of("testdb-hibernate"), List.of());
                    PrivacyKit kit = Units.kit()) {
                Map<String, Object> p = new HashMap<>();
                p.put(FieldEncryption.KIT, kit);
                p.put("hibernate.jdbc.batch_size", "50");
                p.put("hibernate.connection.pool_size", "2");
                EntityManagerFactory emf = Units.emf(db.jdbcUrl(), p, Customer.class, PlainCustomer.class);
                try {
                    long[] best = {Long.MAX_VALUE, Long.MAX_VALUE};
                    for (int round = 0; round <= ROUNDS; round++) { // round 0 warms up
                        db.reset();
                        long plain = run(emf, false);
                        long encrypted = run(emf, true);
                        if (round > 0) {
                            best[0] = Math.min(best[0], plain);
                            best[1] = Math.min(best[1], encrypted);
                        }
                    }
                    long crypto = Long.MAX_VALUE;
                    for (int round = 0; round <= ROUNDS; round++) {
                        long t = cryptoOnly(kit);
                        crypto = round > 0 ? Math.min(crypto, t) : crypto;
                    }
                    report.append(String.format(Locale.ROOT, "%s: the kit alone (same values, no Hibernate): 3"
                            + " encrypts + 3 decrypts + 1 blind index per entity, %d entities: %d ms%n", kind,
                            ENTITIES, crypto / 1_000_000));
                    report.append(String.format(Locale.ROOT,
                            "%s: persist+load of %d entities (best of %d): unencrypted %d ms, 3 encrypted fields + blind"
                                    + " index %d ms, throughput ratio encrypted/unencrypted %.2f%n",
                            kind, ENTITIES, ROUNDS, best[0] / 1_000_000, best[1] / 1_000_000,
                            (double) best[0] / best[1]));
                } finally {
                    emf.close();
                }
            }
        }
        Path out = Path.of("target", "encryption-throughput.txt");
        Files.writeString(out, report.toString(), StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING);
    }

    /** The kit's own work for the entities, without Hibernate: what the listeners cannot save. */
    private static long cryptoOnly(PrivacyKit kit) {
        byte[] address = "Str. Lalelelor 7, Cluj-Napoca".getBytes(StandardCharsets.UTF_8);
        FieldContext email = kit.fieldContext("hb_customer", "notification_email", DataCategory.of("CONTACT"));
        FieldContext ip = kit.fieldContext("hb_customer", "ip_address", DataCategory.of("NETWORK"));
        FieldContext street = kit.fieldContext("hb_customer", "service_address", DataCategory.of("SERVICE_ADDRESS"));
        BlindIndexField index = kit.blindIndex().field("hb_customer", "notification_email",
                Normalization.CASE_INSENSITIVE_TEXT, 128);
        FieldEncryptor fields = kit.fields();
        long start = System.nanoTime();
        long sink = 0;
        for (int i = 0; i < ENTITIES; i++) {
            SubjectId subject = SubjectId.of("subject-" + (i % 1000));
            String id = Integer.toString(i);
            String e = fields.encrypt(subject, email.withRecordId(id), "user" + i + "@example.ro");
            String p = fields.encrypt(subject, ip.withRecordId(id), "192.0.2." + (i % 250));
            byte[] a = fields.encrypt(subject, street.withRecordId(id), address);
            sink += index.compute("user" + i + "@example.ro").length();
            sink += fields.decrypt(subject, email.withRecordId(id), e).length();
            sink += fields.decrypt(subject, ip.withRecordId(id), p).length();
            sink += fields.decrypt(subject, street.withRecordId(id), a).length;
        }
        if (sink == 0) {
            throw new IllegalStateException();
        }
        return System.nanoTime() - start;
    }

    /** Persists the entities in transactions of {@value #BATCH}, then loads them all back; nanoseconds. */
    private static long run(EntityManagerFactory emf, boolean encrypted) {
        byte[] address = "Str. Lalelelor 7, Cluj-Napoca".getBytes(StandardCharsets.UTF_8);
        long start = System.nanoTime();
        for (int from = 0; from < ENTITIES; from += BATCH) {
            EntityManager em = emf.createEntityManager();
            em.getTransaction().begin();
            for (int i = from; i < from + BATCH; i++) {
                String subject = "subject-" + (i % 1000);
                String email = "user" + i + "@example.ro";
                if (encrypted) {
                    Customer c = new Customer(i, subject, email);
                    c.setIpAddress("192.0.2." + (i % 250));
                    c.setAddress(address);
                    em.persist(c);
                } else {
                    em.persist(new PlainCustomer(i, subject, email, "192.0.2." + (i % 250), address));
                }
            }
            em.getTransaction().commit();
            em.close();
        }
        EntityManager em = emf.createEntityManager();
        em.getTransaction().begin();
        long loaded = 0;
        if (encrypted) {
            for (Customer c : em.createQuery("select c from Customer c", Customer.class).getResultList()) {
                loaded += c.getEmail().length();
            }
        } else {
            for (PlainCustomer c : em.createQuery("select c from PlainCustomer c", PlainCustomer.class).getResultList()) {
                loaded += c.getEmail().length();
            }
        }
        em.getTransaction().commit();
        em.close();
        if (loaded == 0) {
            throw new IllegalStateException("nothing loaded");
        }
        return System.nanoTime() - start;
    }
}
