package ro.clickphone.privacy.core.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import ro.clickphone.privacy.crypto.sign.HmacSha256Signer;
import ro.clickphone.privacy.spi.ActorKind;
import ro.clickphone.privacy.spi.SecretBytes;
import ro.clickphone.privacy.spi.audit.AuditCheckpoint;
import ro.clickphone.privacy.spi.audit.AuditOutcome;
import ro.clickphone.privacy.spi.audit.AuditRecord;

/** Every kind of tampering with the stored trail is detected and located. */
class AuditTamperTest extends SignedTrailFixture {


    private AuditVerification verifyFresh() {
        return fresh().verify();
    }


    private static String flip(String s) {
        char last = s.charAt(s.length() - 1);
        char other = last == 'a' ? 'b' : last == '0' ? '1' : last == '1' ? '0' : last == 'z' ? 'y' : 'a';
        if (Character.isUpperCase(last)) {
            other = last == 'A' ? 'B' : 'A';
        }
        return s.substring(0, s.length() - 1) + other;
    }

    static Stream<Arguments> fieldEdits() {
        List<Arguments> edits = new ArrayList<>();
        edits.add(Arguments.of("timestamp", (UnaryOperator<AuditRecord>) r -> copy(r, r.sequence(),
                r.timestamp().plusNanos(1), r.actorKind(), r.actorRef(), r.action(), r.purpose(), r.categories(),
                r.subjectRef(), r.outcome(), r.details(), r.previousHash(), r.hash())));
        edits.add(Arguments.of("actorKind", (UnaryOperator<AuditRecord>) r -> copy(r, r.sequence(), r.timestamp(),
                r.actorKind() == ActorKind.SYSTEM ? ActorKind.STAFF : ActorKind.SYSTEM, r.actorRef(), r.action(),
                r.purpose(), r.categories(), r.subjectRef(), r.outcome(), r.details(), r.previousHash(), r.hash())));
        edits.add(Arguments.of("actorRef", (UnaryOperator<AuditRecord>) r -> copy(r, r.sequence(), r.timestamp(),
                r.actorKind(), flip(r.actorRef()), r.action(), r.purpose(), r.categories(), r.subjectRef(),
                r.outcome(), r.details(), r.previousHash(), r.hash())));
        edits.add(Arguments.of("action", (UnaryOperator<AuditRecord>) r -> copy(r, r.sequence(), r.timestamp(),
                r.actorKind(), r.actorRef(), flip(r.action()), r.purpose(), r.categories(), r.subjectRef(),
                r.outcome(), r.details(), r.previousHash(), r.hash())));
        edits.add(Arguments.of("purpose", (UnaryOperator<AuditRecord>) r -> copy(r, r.sequence(), r.timestamp(),
                r.actorKind(), r.actorRef(), r.action(), r.purpose().map(AuditTamperTest::flip), r.categories(),
                r.subjectRef(), r.outcome(), r.details(), r.previousHash(), r.hash())));
        edits.add(Arguments.of("categories", (UnaryOperator<AuditRecord>) r -> copy(r, r.sequence(), r.timestamp(),
                r.actorKind(), r.actorRef(), r.action(), r.purpose(), List.of(flip(r.categories().get(0))),
                r.subjectRef(), r.outcome(), r.details(), r.previousHash(), r.hash())));
        edits.add(Arguments.of("subjectRef", (UnaryOperator<AuditRecord>) r -> copy(r, r.sequence(), r.timestamp(),
                r.actorKind(), r.actorRef(), r.action(), r.purpose(), r.categories(),
                r.subjectRef().map(AuditTamperTest::flip), r.outcome(), r.details(), r.previousHash(), r.hash())));
        edits.add(Arguments.of("outcome", (UnaryOperator<AuditRecord>) r -> copy(r, r.sequence(), r.timestamp(),
                r.actorKind(), r.actorRef(), r.action(), r.purpose(), r.categories(), r.subjectRef(),
                r.outcome() == AuditOutcome.SUCCESS ? AuditOutcome.DENIED : AuditOutcome.SUCCESS, r.details(),
                r.previousHash(), r.hash())));
        edits.add(Arguments.of("details", (UnaryOperator<AuditRecord>) r -> {
            TreeMap<String, String> details = new TreeMap<>(r.details());
            details.put("reason", flip(details.get("reason")));
            return copy(r, r.sequence(), r.timestamp(), r.actorKind(), r.actorRef(), r.action(), r.purpose(),
                    r.categories(), r.subjectRef(), r.outcome(), details, r.previousHash(), r.hash());
        }));
        edits.add(Arguments.of("previousHash", (UnaryOperator<AuditRecord>) r -> copy(r, r.sequence(), r.timestamp(),
                r.actorKind(), r.actorRef(), r.action(), r.purpose(), r.categories(), r.subjectRef(), r.outcome(),
                r.details(), flip(r.previousHash()), r.hash())));
        edits.add(Arguments.of("hash", (UnaryOperator<AuditRecord>) r -> copy(r, r.sequence(), r.timestamp(),
                r.actorKind(), r.actorRef(), r.action(), r.purpose(), r.categories(), r.subjectRef(), r.outcome(),
                r.details(), r.previousHash(), flip(r.hash()))));
        edits.add(Arguments.of("sequence", (UnaryOperator<AuditRecord>) r -> copy(r, r.sequence() + 1000,
                r.timestamp(), r.actorKind(), r.actorRef(), r.action(), r.purpose(), r.categories(), r.subjectRef(),
                r.outcome(), r.details(), r.previousHash(), r.hash())));
        List<Arguments> withPositions = new ArrayList<>();
        for (Arguments edit : edits) {
            for (int position : new int[] {1, 37, 50, 51, ENTRIES}) {
                withPositions.add(Arguments.of(edit.get()[0], edit.get()[1], position));
            }
        }
        return withPositions.stream();
    }

    private static AuditRecord copy(AuditRecord original, long sequence, Instant timestamp, ActorKind actorKind,
            String actorRef, String action, Optional<String> purpose, List<String> categories,
            Optional<String> subjectRef, AuditOutcome outcome, SortedMap<String, String> details,
            String previousHash, String hash) {
        return new AuditRecord(sequence, timestamp, actorKind, actorRef, action, purpose, categories, subjectRef,
                outcome, details, previousHash, hash);
    }

    @ParameterizedTest(name = "{0} of entry {2}")
    @MethodSource("fieldEdits")
    void editingAnyStoredField_isFoundAtThatEntry(String field, UnaryOperator<AuditRecord> edit, int position) {
        store.records.set(position - 1, edit.apply(store.records.get(position - 1)));
        AuditFixtures.assertBreak(verifyFresh(), ChainBreak.Kind.EDITED_ENTRY, position);
    }

    @Test
    void untouchedTrail_verifies() {
        AuditVerification v = verifyFresh();
        assertTrue(v.intact(), () -> v.firstBreak().orElseThrow().description());
        assertEquals(ENTRIES, v.entriesChecked());
        assertEquals(ENTRIES / INTERVAL, v.checkpointsChecked());
    }

    @Test
    void editingAFieldToAnInvalidValue_isFoundWhereTheStoreCannotReadItBack() {
        store.unreadable.add(77);
        AuditFixtures.assertBreak(verifyFresh(), ChainBreak.Kind.EDITED_ENTRY, 77);
    }

    @Test
    void removingAnEntry_isFoundWhereItWas() {
        store.records.remove(99);
        AuditFixtures.assertBreak(verifyFresh(), ChainBreak.Kind.REMOVED_ENTRY, 100);
    }

    @Test
    void removingTheFirstEntry_isFound() {
        store.records.remove(0);
        AuditFixtures.assertBreak(verifyFresh(), ChainBreak.Kind.REMOVED_ENTRY, 1);
    }

    @Test
    void swappingTwoAdjacentEntries_isReportedAsReordered() {
        Collections.swap(store.records, 120, 121);
        AuditFixtures.assertBreak(verifyFresh(), ChainBreak.Kind.REORDERED_ENTRIES, 121);
    }

    @Test
    void swappingTwoDistantEntries_isReportedAsReordered() {
        Collections.swap(store.records, 10, 200);
        AuditFixtures.assertBreak(verifyFresh(), ChainBreak.Kind.REORDERED_ENTRIES, 11);
    }

    @Test
    void droppingTheTailSignedByACheckpoint_isFoundByAnyVerifier() {
        // Entries 151-250 are dropped; checkpoints 200 and 250 still vouch for them.
        store.records.subList(150, ENTRIES).clear();
        AuditFixtures.assertBreak(verifyFresh(), ChainBreak.Kind.TRUNCATED_TAIL, 151);
    }

    @Test
    void droppingTheTailAndItsCheckpoints_isFoundByTheTrailThatAppendedIt() {
        store.records.subList(150, ENTRIES).clear();
        store.checkpoints.removeIf(c -> c.sequence() > 150);
        AuditFixtures.assertBreak(trail.verify(), ChainBreak.Kind.TRUNCATED_TAIL, 151);
    }

    @Test
    void droppingUnsignedTail_isFoundByTheLiveTrailOnly_asDocumented() {
        AuditFixtures.append(trail, 10);
        store.records.subList(ENTRIES, ENTRIES + 10).clear();
        AuditFixtures.assertBreak(trail.verify(), ChainBreak.Kind.TRUNCATED_TAIL, ENTRIES + 1);
        // The documented limit: entries after the last checkpoint leave no trace in the store alone.
        assertTrue(verifyFresh().intact());
    }

    @Test
    void replacingACheckpointWithAForgedOne_isFound() {
        AuditCheckpoint real = store.checkpoints.get(2);
        byte[] signature = Base64.getDecoder().decode(real.signature());
        signature[0] ^= 1;
        store.checkpoints.set(2, new AuditCheckpoint(real.sequence(), real.headHash(), real.createdAt(), real.keyId(),
                real.algorithm(), Base64.getEncoder().encodeToString(signature), real.version(), real.interval(),
                real.previousCheckpointHash()));
        AuditFixtures.assertBreak(verifyFresh(), ChainBreak.Kind.FORGED_CHECKPOINT, 150);
    }

    @Test
    void checkpointSignedByAnotherKey_isForged() {
        AuditCheckpoint real = store.checkpoints.get(1);
        byte[] otherKey = new byte[32];
        HmacSha256Signer attacker = HmacSha256Signer.create(SecretBytes.copyOf(otherKey), real.keyId());
        AuditCodec codec = new AuditCodec();
        String forged = Base64.getEncoder().encodeToString(attacker.sign(codec.checkpointBytes(real)));
        store.checkpoints.set(1, new AuditCheckpoint(real.sequence(), real.headHash(), real.createdAt(), real.keyId(),
                real.algorithm(), forged, real.version(), real.interval(), real.previousCheckpointHash()));
        AuditFixtures.assertBreak(verifyFresh(), ChainBreak.Kind.FORGED_CHECKPOINT, 100);
    }

    @Test
    void checkpointMovedToAnotherHead_isForged() {
        AuditCheckpoint real = store.checkpoints.get(0);
        store.checkpoints.set(0, new AuditCheckpoint(real.sequence(), store.records.get(10).hash(), real.createdAt(),
                real.keyId(), real.algorithm(), real.signature(), real.version(), real.interval(),
                real.previousCheckpointHash()));
        AuditFixtures.assertBreak(verifyFresh(), ChainBreak.Kind.FORGED_CHECKPOINT, 50);
    }

    @Test
    void rewritingTheChainWithoutTheKey_isCaughtAtTheNextCheckpoint() {
        // The attacker edits entry 120 and recomputes every hash after it, so each entry is
        // self-consistent; only the signed checkpoint at 150 can tell.
        AuditFixtures.rewriteFrom(store, 120);
        AuditFixtures.assertBreak(verifyFresh(), ChainBreak.Kind.REWRITTEN_CHAIN, 150);
    }

    @Test
    void replacingAnEntryWithASelfConsistentOne_breaksTheLink() {
        AuditRecord r = store.records.get(60);
        String fakePrevious = "f".repeat(64);
        String hash = new AuditCodec().hashEntry(r.sequence(), r.timestamp(), r.actorKind().name(), r.actorRef(),
                r.action(), r.purpose(), r.categories(), r.subjectRef(), r.outcome().name(), r.details(), fakePrevious);
        store.records.set(60, new AuditRecord(r.sequence(), r.timestamp(), r.actorKind(), r.actorRef(), r.action(),
                r.purpose(), r.categories(), r.subjectRef(), r.outcome(), r.details(), fakePrevious, hash));
        AuditFixtures.assertBreak(verifyFresh(), ChainBreak.Kind.BROKEN_LINK, 61);
    }
}
