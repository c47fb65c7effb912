package ro.clickphone.privacy.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ro.clickphone.privacy.core.PrivacyKit;
import ro.clickphone.privacy.core.audit.AuditEvent;
import ro.clickphone.privacy.core.audit.FileCheckpointAnchor;
import ro.clickphone.privacy.crypto.sign.Ed25519Signer;
import ro.clickphone.privacy.examples.support.Database;
import ro.clickphone.privacy.jpa.JpaStores;
import ro.clickphone.privacy.spi.Actor;
import ro.clickphone.privacy.spi.SubjectId;
import ro.clickphone.privacy.spi.audit.AuditOutcome;

/** {@code audit verify} on a real H2 trail, with the database's writer playing the attacker. */
class AuditCommandTest {

    private static final int ENTRIES = 23;
    private static final String SUBJECT = "acct-0722123456";

    @TempDir
    Path dir;

    private StoreFixture store;
    private Path publicKey;

    @BeforeEach
    void aTrailOfTwentyThreeEntries() throws IOException {
        store = new StoreFixture(dir);
        PrivacyKit kit = store.kit();
        for (int i = 0; i < ENTRIES; i++) {
            kit.audit().record(AuditEvent.of(Actor.system("cli-test", Set.of("DPO")), "test.entry", AuditOutcome.SUCCESS)
                    .withSubject(SubjectId.of(SUBJECT)));
        }
        kit.audit().checkpoint();
        store.closeKit();
        publicKey = dir.resolve("audit-key.json");
        PublishedKeyFile.write(publicKey, Ed25519Signer.verifier(store.auditSigner.publicKey(), "audit-2026"),
                Instant.parse("2026-01-01T00:00:00Z"));
    }

    @AfterEach
    void close() {
        store.close();
    }

    private StoreFixture.Run verify(String... more) {
        String[] args = new String[4 + more.length];
        args[0] = "audit";
        args[1] = "verify";
        args[2] = "--jdbc-url=" + store.url;
        args[3] = "--public-key=" + publicKey;
        System.arraycopy(more, 0, args, 4, more.length);
        return StoreFixture.cli(args);
    }

    @Test
    void anIntactTrail_verifies_exit0() {
        StoreFixture.Run run = verify();
        assertEquals(0, run.code(), run::toString);
        assertTrue(run.out().contains("entries checked:      " + ENTRIES), run::toString);
        assertTrue(run.out().contains("checkpoints checked:  " + (ENTRIES / StoreFixture.CHECKPOINT_INTERVAL + 1)),
                run::toString);
        assertTrue(run.out().contains("audit trail intact"), run::toString);
        assertEquals("", run.err());
    }

    @Test
    void aPemPublicKey_verifiesWithTheKeyIdGivenApart() {
        String pem = "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'})
                .encodeToString(store.auditSigner.publicKey().getEncoded()) + "\n-----END PUBLIC KEY-----\n";
        publicKey = store.write("audit-public-key.pem", pem);
        StoreFixture.Run run = verify("--key-id=audit-2026");
        assertEquals(0, run.code(), run::toString);
        assertTrue(run.out().contains("audit trail intact"), run::toString);

        StoreFixture.Run noId = verify();
        assertEquals(2, noId.code(), noId::toString);
        assertTrue(noId.err().contains("give --key-id"), noId::toString);

        StoreFixture.Run otherId = verify("--key-id=audit-2025");
        assertEquals(1, otherId.code(), otherId::toString);
        assertTrue(otherId.out().contains("FORGED_CHECKPOINT"), otherId::toString);
    }

    @Test
    void aTamperedRow_isFoundAtItsPosition_exit1_andNothingIsWritten() {
        store.sql("UPDATE cpp_audit_record SET action = 'test.harmless' WHERE seq = 7");
        long entries = store.count("SELECT COUNT(*) FROM cpp_audit_record");
        long checkpoints = store.count("SELECT COUNT(*) FROM cpp_audit_checkpoint");

        StoreFixture.Run run = verify();

        assertEquals(1, run.code(), run::toString);
        assertTrue(run.out().contains("audit trail BROKEN: EDITED_ENTRY at entry 7"), run::toString);
        assertTrue(run.oneLineError(), run::toString);
        assertTrue(run.err().contains("broken at entry 7"), run::toString);
        assertEquals(entries, store.count("SELECT COUNT(*) FROM cpp_audit_record"), "verify appended nothing");
        assertEquals(checkpoints, store.count("SELECT COUNT(*) FROM cpp_audit_checkpoint"), "nor a checkpoint");
        assertFalse(run.out().contains(SUBJECT) || run.err().contains(SUBJECT));
    }

    @Test
    void aDeletedEntry_isFoundWhereItWas() {
        store.sql("DELETE FROM cpp_audit_detail WHERE seq = 12");
        store.sql("DELETE FROM cpp_audit_category WHERE seq = 12");
        store.sql("DELETE FROM cpp_audit_record WHERE seq = 12");
        StoreFixture.Run run = verify();
        assertEquals(1, run.code(), run::toString);
        assertTrue(run.out().contains("REMOVED_ENTRY at entry 12"), run::toString);
    }

    @Test
    void anotherPublicKey_findsTheCheckpointsForged_exit1() throws IOException {
        PublishedKeyFile.write(publicKey, Ed25519Signer.generate("audit-2026"), Instant.parse("2026-01-01T00:00:00Z"));
        StoreFixture.Run run = verify();
        assertEquals(1, run.code(), run::toString);
        assertTrue(run.out().contains("FORGED_CHECKPOINT at entry " + StoreFixture.CHECKPOINT_INTERVAL), run::toString);
    }

    @Test
    void aTailDroppedWithItsCheckpoints_isFoundAgainstTheAnchorFile() {
        Path anchor = dir.resolve("anchor.txt");
        publishAll(FileCheckpointAnchor.at(anchor));
        StoreFixture.Run intact = verify("--anchor=" + anchor);
        assertEquals(0, intact.code(), intact::toString);
        assertTrue(intact.out().contains("anchored checkpoints: 5"), intact::toString);
        // the database's writer drops the last entries, the checkpoints over them, and winds the counter back
        for (long seq = ENTRIES; seq > 15; seq--) {
            store.sql("DELETE FROM cpp_audit_detail WHERE seq = " + seq);
            store.sql("DELETE FROM cpp_audit_category WHERE seq = " + seq);
            store.sql("DELETE FROM cpp_audit_record WHERE seq = " + seq);
        }
        store.sql("DELETE FROM cpp_audit_checkpoint WHERE seq > 15");
        store.sql("UPDATE cpp_counter SET last_value = 15 WHERE name = 'audit'");
        StoreFixture.Run alone = verify();
        assertEquals(0, alone.code(), () -> "the store alone cannot show the dropped tail: " + alone);

        StoreFixture.Run run = verify("--anchor=" + anchor);

        assertEquals(1, run.code(), run::toString);
        assertTrue(run.out().contains("TRUNCATED_TAIL at entry 16"), run::toString);
    }

    /** What an anchor configured on the application's kit would hold: every checkpoint it signed. */
    private void publishAll(FileCheckpointAnchor file) {
        try (Database db = Database.existing(store.url, null, null, List.of())) {
            JpaStores.create(db.newEmf(Map.of())).auditLog().readCheckpoints(1, 100).forEach(file::publish);
        }
    }

    @Test
    void badInput_isOneLine_exit2_andWritesNoDatabase() throws IOException {
        StoreFixture.Run noKey = StoreFixture.cli("audit", "verify", "--jdbc-url=" + store.url,
                "--public-key=" + dir.resolve("missing.json"));
        assertEquals(2, noKey.code(), noKey::toString);
        assertTrue(noKey.oneLineError(), noKey::toString);

        Path notJson = store.write("not-a-key.json", "MCowBQYDK2VwAyEA");
        StoreFixture.Run garbled = StoreFixture.cli("audit", "verify", "--jdbc-url=" + store.url,
                "--public-key=" + notJson);
        assertEquals(2, garbled.code(), garbled::toString);
        assertTrue(garbled.err().contains("--public-key: the file is not JSON"), garbled::toString);

        Path nowhere = dir.resolve("no-such-db");
        StoreFixture.Run missingDb = StoreFixture.cli("audit", "verify", "--jdbc-url=jdbc:h2:file:" + nowhere,
                "--public-key=" + publicKey);
        assertEquals(2, missingDb.code(), missingDb::toString);
        assertTrue(missingDb.oneLineError(), missingDb::toString);
        assertFalse(Files.exists(dir.resolve("no-such-db.mv.db")), "a verify never creates a database");

        StoreFixture.Run unknownDb = StoreFixture.cli("audit", "verify", "--jdbc-url=jdbc:sqlite:x.db",
                "--public-key=" + publicKey);
        assertEquals(2, unknownDb.code(), unknownDb::toString);
        assertTrue(unknownDb.err().contains("unsupported database (jdbc:sqlite)"), unknownDb::toString);

        StoreFixture.Run verbose = StoreFixture.cli("--verbose", "audit", "verify", "--jdbc-url=jdbc:h2:file:" + nowhere,
                "--public-key=" + publicKey);
        assertTrue(verbose.err().contains("\tat "), "--verbose shows the stack trace");
    }
}
