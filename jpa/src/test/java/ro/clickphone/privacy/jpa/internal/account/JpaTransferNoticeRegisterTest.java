package ro.clickphone.privacy.jpa.internal.account;

import ro.clickphone.privacy.jpa.internal.JpaContext;
import ro.clickphone.privacy.jpa.testing.DatabaseKind;
import ro.clickphone.privacy.jpa.testing.OnDatabase;
import ro.clickphone.privacy.jpa.testing.TestDatabase;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import ro.clickphone.privacy.jpa.internal.keys.RawRows;
import ro.clickphone.privacy.spi.Recipient;
import ro.clickphone.privacy.spi.SubjectId;
import ro.clickphone.privacy.spi.account.TransferNotice;
import ro.clickphone.privacy.spi.account.TransferNoticeRegister;
import ro.clickphone.privacy.spi.account.TransferNoticeRegisterContract;

/**
 * The transfer-notice register on each database: the spi contract, two application instances recording
 * one notice at once, instants kept to the nanosecond under a hostile time zone.
 */
abstract class JpaTransferNoticeRegisterTest extends TransferNoticeRegisterContract {

    private final TestDatabase db;

    JpaTransferNoticeRegisterTest(TestDatabase db) {
        this.db = db;
    }

    @Override
    protected TransferNoticeRegister newRegister() {
        return new JpaTransferNoticeRegister(JpaContext.of(db.emf(), () -> null));
    }

    private static final SubjectId ANA = SubjectId.of("ana.popescu@example.ro");
    private static final Recipient SUCCESSOR = Recipient.of("SUCCESSOR_ENTITY");

    @Test
    void twoInstances_recordingOneNoticeAtOnce_keepOne() throws Exception {
        List<TransferNoticeRegister> instances = List.of(newRegister(),
                new JpaTransferNoticeRegister(JpaContext.of(db.newEmf(Map.of()), () -> null)));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            for (int round = 0; round < 20; round++) {
                TransferNotice notice = new TransferNotice(ANA, SUCCESSOR, "acme-telecom",
                        Instant.parse("2026-03-01T10:00:00Z").plusNanos(round));
                CyclicBarrier start = new CyclicBarrier(4);
                List<Future<?>> futures = new ArrayList<>();
                for (int w = 0; w < 4; w++) {
                    TransferNoticeRegister register = instances.get(w % 2);
                    futures.add(pool.submit(() -> {
                        start.await(30, TimeUnit.SECONDS);
                        register.record(notice);
                        return null;
                    }));
                }
                for (Future<?> future : futures) {
                    future.get(60, TimeUnit.SECONDS);
                }
                assertEquals(round + 1L, RawRows.number(db, "SELECT COUNT(*) FROM cpp_transfer_notice"));
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(Optional.of(Instant.parse("2026-03-01T10:00:00Z")),
                instances.get(1).earliestNotice(ANA, SUCCESSOR, "acme-telecom"));
    }

    @Test
    void instants_areKeptToTheNanosecond() {
        Instant at = Instant.parse("1999-12-31T23:59:59.999999999Z");
        newRegister().record(new TransferNotice(ANA, SUCCESSOR, "acme-telecom", at));
        assertEquals(Optional.of(at), newRegister().earliestNotice(ANA, SUCCESSOR, "acme-telecom"));
        assertEquals(1, RawRows.number(db, "SELECT COUNT(*) FROM cpp_transfer_notice WHERE notified_at = ?",
                at.getEpochSecond() * 1_000_000_000L + at.getNano()));
    }

    @OnDatabase(DatabaseKind.H2)
    static class OnH2Test extends JpaTransferNoticeRegisterTest {
        OnH2Test(TestDatabase db) {
            super(db);
        }
    }

    @OnDatabase(DatabaseKind.POSTGRES)
    static class OnPostgresTest extends JpaTransferNoticeRegisterTest {
        OnPostgresTest(TestDatabase db) {
            super(db);
        }
    }

    @OnDatabase(DatabaseKind.MARIADB)
    static class OnMariaDbTest extends JpaTransferNoticeRegisterTest {
        OnMariaDbTest(TestDatabase db) {
            super(db);
        }
    }
}
