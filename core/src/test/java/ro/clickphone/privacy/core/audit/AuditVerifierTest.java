package ro.clickphone.privacy.core.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import ro.clickphone.privacy.crypto.sign.Ed25519Signer;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.audit.AuditCheckpoint;
import ro.clickphone.privacy.spi.audit.AuditLogStore;
import ro.clickphone.privacy.spi.audit.AuditRecord;

/**
 * The auditor's verifier: the public key alone, no kit, no pseudonym key; it finds what the trail's
 * own {@code verify()} finds, and it writes nothing to the store it reads.
 */
class AuditVerifierTest {

    private static final int ENTRIES = 120;
    private static final int INTERVAL = 10;

    private final Ed25519Signer signer = Ed25519Signer.generate("audit-2026");
    private final Ed25519Signer verifier = Ed25519Signer.verifier(signer.publicKey(), "audit-2026");
    private TamperableAuditLogStore store;
    /** The writer's own trail instance: it remembers what it appended. */
    private AuditTrail trail;

    @BeforeEach
    void writeATrail() {
        store = new TamperableAuditLogStore();
        trail = AuditFixtures.trail(store, AuditFixtures.settings(signer, INTERVAL));
        AuditFixtures.append(trail, ENTRIES);
        assertEquals(ENTRIES / INTERVAL, store.checkpoints.size());
    }

    @Test
    void anUntouchedTrail_verifiesWithThePublicKeyAlone() {
        AuditVerification v = AuditVerifier.of(store, verifier).withCheckpointInterval(INTERVAL).verify();
        assertTrue(v.intact(), () -> v.firstBreak().orElseThrow().description());
        assertEquals(ENTRIES, v.entriesChecked());
        assertEquals(ENTRIES / INTERVAL, v.checkpointsChecked());
    }

    @Test
    void anEditedEntry_isFoundAtItsSequence_andNothingIsWritten() {
        AuditFixtures.rewriteFrom(store, 57);
        List<AuditRecord> records = new ArrayList<>(store.records);
        List<AuditCheckpoint> checkpoints = new ArrayList<>(store.checkpoints);
        ReadOnly readOnly = new ReadOnly(store);

        AuditVerification v = AuditVerifier.of(readOnly, verifier).withCheckpointInterval(INTERVAL).verify();

        // rewritten from 57 on with recomputed hashes: the checkpoint at 60 no longer matches
        AuditFixtures.assertBreak(v, ChainBreak.Kind.REWRITTEN_CHAIN, 60);
        assertEquals(records, store.records);
        assertEquals(checkpoints, store.checkpoints);
    }

    @Test
    void aFieldEditedWithoutItsHash_isAnEditedEntry() {
        AuditRecord r = store.records.get(40);
        store.records.set(40, new AuditRecord(r.sequence(), r.timestamp(), r.actorKind(), r.actorRef(), "audit.forged",
                r.purpose(), r.categories(), r.subjectRef(), r.outcome(), r.details(), r.previousHash(), r.hash()));
        AuditFixtures.assertBreak(AuditVerifier.of(store, verifier).withCheckpointInterval(INTERVAL).verify(),
                ChainBreak.Kind.EDITED_ENTRY, 41);
    }

    @Test
    void anotherPublicKey_findsEveryCheckpointForged() {
        Ed25519Signer stranger = Ed25519Signer.verifier(Ed25519Signer.generate("x").publicKey(), "audit-2026");
        AuditVerification v = AuditVerifier.of(store, stranger).withCheckpointInterval(INTERVAL).verify();
        AuditFixtures.assertBreak(v, ChainBreak.Kind.FORGED_CHECKPOINT, INTERVAL);
    }

    @Test
    void anEarlierKey_isTrustedOnlyWithinItsWindow() {
        Ed25519Signer next = Ed25519Signer.generate("audit-2027");
        Ed25519Signer nextVerifier = Ed25519Signer.verifier(next.publicKey(), "audit-2027");
        AuditVerifier before = AuditVerifier.of(store, nextVerifier).withCheckpointInterval(INTERVAL);
        assertFalse(before.verify().intact(), "the old key's checkpoints need the old key");
        AuditVerification inWindow = before.withVerifier(verifier, Instant.parse("2026-01-01T00:00:00Z"),
                Instant.parse("2027-01-01T00:00:00Z")).verify();
        assertTrue(inWindow.intact(), () -> inWindow.firstBreak().orElseThrow().description());
        AuditVerification outOfWindow = before.withVerifier(verifier, Instant.parse("2025-01-01T00:00:00Z"),
                Instant.parse("2026-01-01T00:00:00Z")).verify();
        AuditFixtures.assertBreak(outOfWindow, ChainBreak.Kind.FORGED_CHECKPOINT, INTERVAL);
    }

    @Test
    void aDroppedTail_isFoundAgainstAnAnchorOrAKnownSequence() {
        AuditCheckpoint last = store.checkpoints.get(store.checkpoints.size() - 1);
        store.records.subList(100, ENTRIES).clear();
        store.checkpoints.removeIf(c -> c.sequence() > 100);
        AuditVerifier auditor = AuditVerifier.of(store, verifier).withCheckpointInterval(INTERVAL);
        assertTrue(auditor.verify().intact(), "the store alone cannot show a tail dropped with its checkpoints");
        AuditFixtures.assertBreak(auditor.verify(List.of(last)), ChainBreak.Kind.TRUNCATED_TAIL, 101);
        AuditFixtures.assertBreak(auditor.verify(ENTRIES), ChainBreak.Kind.TRUNCATED_TAIL, 101);
    }

    /**
     * What the Javadoc says the verifier cannot see alone: the writer's own trail remembers the
     * entries it appended and finds the dropped tail; the verifier, over the same store and keys,
     * finds the shorter trail intact until it is given an anchor or the known sequence.
     */
    @Test
    void aTailDroppedWithItsCheckpoints_isSeenByTheWritersTrail_butByTheVerifierOnlyWithAnAnchor() {
        AuditCheckpoint last = store.checkpoints.get(store.checkpoints.size() - 1);
        store.records.subList(90, ENTRIES).clear();
        store.checkpoints.removeIf(c -> c.sequence() > 90);

        AuditFixtures.assertBreak(trail.verify(), ChainBreak.Kind.TRUNCATED_TAIL, 91);

        AuditVerifier auditor = AuditVerifier.of(store, verifier).withCheckpointInterval(INTERVAL);
        AuditVerification alone = auditor.verify();
        assertTrue(alone.intact(), "the store and the keys alone show an intact, shorter trail");
        assertEquals(90, alone.entriesChecked());
        AuditFixtures.assertBreak(auditor.verify(List.of(last)), ChainBreak.Kind.TRUNCATED_TAIL, 91);
        AuditFixtures.assertBreak(auditor.verify(ENTRIES), ChainBreak.Kind.TRUNCATED_TAIL, 91);
    }

    @Test
    void badArguments_areTypedErrors_andToStringShowsNoKey() {
        assertThrows(InvalidInputException.class, () -> AuditVerifier.of(null, verifier));
        assertThrows(InvalidInputException.class, () -> AuditVerifier.of(store, null));
        AuditVerifier auditor = AuditVerifier.of(store, verifier);
        assertThrows(InvalidInputException.class, () -> auditor.withCheckpointInterval(0));
        assertThrows(InvalidInputException.class, () -> auditor.verify(-1));
        assertThrows(InvalidInputException.class, () -> auditor.verify((List<AuditCheckpoint>) null));
        assertThrows(InvalidInputException.class, () -> auditor.withVerifier(verifier, Instant.EPOCH, Instant.MAX));
        assertEquals("AuditVerifier[AuditSettings[signer=Ed25519:audit-2026, checkpointInterval=1000]]",
                auditor.toString());
    }

    /** A store that reads through and fails the test on any write. */
    private record ReadOnly(AuditLogStore inner) implements AuditLogStore {

        @Override
        public void append(AuditRecord record) {
            throw new AssertionError("the verifier appended an entry");
        }

        @Override
        public List<AuditRecord> read(long fromSequence, int maxCount) {
            return inner.read(fromSequence, maxCount);
        }

        @Override
        public Optional<AuditRecord> last() {
            return inner.last();
        }

        @Override
        public void appendCheckpoint(AuditCheckpoint checkpoint) {
            throw new AssertionError("the verifier appended a checkpoint");
        }

        @Override
        public List<AuditCheckpoint> readCheckpoints(long fromSequence, int maxCount) {
            return inner.readCheckpoints(fromSequence, maxCount);
        }

        @Override
        public Optional<AuditCheckpoint> latestCheckpoint() {
            return inner.latestCheckpoint();
        }
    }
}
