package ro.clickphone.privacy.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
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
        assertTrue(run.out().contains("last signed checkpoint: entry " + ENTRIES + " ("), run::toString);
        assertFalse(run.out().contains("not yet signed"), run::toString);
        assertTrue(run.out().contains("no anchor given: a tail dropped with its checkpoints would not show"),
                run::toString);
        assertEquals("", run.err());
    }

    @Test
    void intactIsNotSigned_theEntriesAfterTheLastCheckpointAreSaidToBeOnlyHashChained() {
        // the final checkpoint goes: entries 21 to 23 are chained by hashes alone, too few to be overdue
        store.sql("DELETE FROM cpp_audit_checkpoint WHERE seq = " + ENTRIES);
        int signed = ENTRIES / StoreFixture.CHECKPOINT_INTERVAL * StoreFixture.CHECKPOINT_INTERVAL;

        StoreFixture.Run run = verify();

        assertEquals(0, run.code(), run::toString);
        assertTrue(run.out().contains("audit trail intact"), run::toString);
        assertTrue(run.out().contains("last signed checkpoint: entry " + signed + " (20"), run::toString);
        assertTrue(run.out().contains("entries " + (signed + 1) + ".." + ENTRIES + ": hash-chained, not yet signed"),
                run::toString);
    }

    @Test
    void aCurrentKeyWithValidUntil_isRefused_giveItAsAnEarlierKey_exit2() throws IOException {
        Path ended = store.write("ended-key.json", "{\"keyId\":\"audit-2026\",\"algorithm\":\"Ed25519\","
                + "\"publicKey\":\"" + Base64.getEncoder().encodeToString(store.auditSigner.publicKey().getEncoded())
                + "\",\"validFrom\":\"2026-01-01T00:00:00Z\",\"validUntil\":\"2027-01-01T00:00:00Z\"}");
        publicKey = ended;
        StoreFixture.Run run = verify();
        assertEquals(2, run.code(), run::toString);
        assertTrue(run.err().contains("give it as --earlier-key"), run::toString);
        assertTrue(run.oneLineError(), run::toString);
    }

    @Test
    void verifyReadsOverAReadOnlyConnection_aWriteThroughItIsRefused() throws Exception {
        String url = DatabaseOptions.readOnly(store.url + ";IFEXISTS=TRUE");
        assertTrue(url.endsWith(";ACCESS_MODE_DATA=r"), url);
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            assertThrows(SQLException.class, () -> s.executeUpdate("DELETE FROM cpp_audit_record WHERE seq = 1"));
        }
        assertEquals(ENTRIES, store.count("SELECT COUNT(*) FROM cpp_audit_record"));
        assertEquals("jdbc:postgresql://db/p?readOnly=true&readOnlyMode=always",
                DatabaseOptions.readOnly("jdbc:postgresql://db/p"));
        assertEquals("jdbc:postgresql://db/p?user=a&readOnly=true&readOnlyMode=always",
                DatabaseOptions.readOnly("jdbc:postgresql://db/p?user=a"));
        assertEquals("jdbc:mariadb://db/p?sessionVariables=tx_read_only=1",
                DatabaseOptions.readOnly("jdbc:mariadb://db/p"));
        assertEquals("jdbc:mariadb://db/p?user=a&sessionVariables=tx_read_only=1,wait_timeout=60",
                DatabaseOptions.readOnly("jdbc:mariadb://db/p?user=a&sessionVariables=wait_timeout=60"));
        assertEquals("jdbc:h2:file:/x;ACCESS_MODE_DATA=r", DatabaseOptions.readOnly("jdbc:h2:file:/x;access_mode_data=rw"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"CLICKPHONE_PRIVACY_IT_POSTGRES", "CLICKPHONE_PRIVACY_IT_MARIADB"})
    void onPostgresqlAndMariadb_theReadOnlyUrlRefusesWrites(String variable) throws Exception {
        String url = System.getenv(variable);
        assumeTrue(url != null && !url.isBlank(), variable + " not set");
        try (Connection c = DriverManager.getConnection(DatabaseOptions.readOnly(url)); Statement s = c.createStatement()) {
            assertThrows(SQLException.class, () -> s.executeUpdate("CREATE TABLE cli_read_only_probe (x INT)"));
        }
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
        assertFalse(intact.out().contains("no anchor given"), intact::toString);
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
        assertTrue(alone.out().contains("no anchor given: a tail dropped with its checkpoints would not show"),
                alone::toString);

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
