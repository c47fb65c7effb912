package ro.clickphone.privacy.core.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ro.clickphone.privacy.crypto.sign.Ed25519Signer;
import ro.clickphone.privacy.crypto.sign.HmacSha256Signer;
import ro.clickphone.privacy.spi.IntegrityException;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.SecretBytes;
import ro.clickphone.privacy.spi.audit.AuditCheckpoint;
import ro.clickphone.privacy.spi.audit.AuditRecord;
import ro.clickphone.privacy.spi.keys.Signer;

/**
 * The attacks of the security review on checkpoints: a store writer without the signing key who
 * deletes checkpoints, rewrites entries the trail has not signed yet, or truncates the tail with
 * its checkpoints; and the operations that must not turn history red or lose entries (a signer
 * rotated, a signer that fails).
 */
class AuditCheckpointAttackTest extends SignedTrailFixture {




    // 1. Deleted checkpoints.

    @Test
    void rewritingEntry120_andDeletingEveryCheckpointFrom150_isFoundAt150() {
        AuditFixtures.rewriteFrom(store, 120);
        store.checkpoints.removeIf(c -> c.sequence() >= 150);
        AuditFixtures.assertBreak(fresh().verify(), ChainBreak.Kind.MISSING_CHECKPOINT, 150);
    }

    @Test
    void clearingEveryCheckpoint_isFound() {
        store.checkpoints.clear();
        AuditFixtures.assertBreak(fresh().verify(), ChainBreak.Kind.MISSING_CHECKPOINT, INTERVAL);
    }

    @Test
    void deletingOneCheckpointInTheMiddle_breaksTheChainOfCheckpoints() {
        // Within two intervals of its neighbours: only the chain (150 signs 100's hash) can tell.
        store.checkpoints.removeIf(c -> c.sequence() == 100);
        AuditFixtures.assertBreak(fresh().verify(), ChainBreak.Kind.MISSING_CHECKPOINT, 100);
    }

    @Test
    void everyCheckpointIsVersion2_andChainedToItsPredecessor() {
        AuditCodec codec = new AuditCodec();
        String previous = AuditRecord.GENESIS_HASH;
        for (AuditCheckpoint c : store.checkpoints) {
            assertEquals(2, c.version());
            assertEquals(INTERVAL, c.interval());
            assertEquals(previous, c.previousCheckpointHash());
            previous = codec.checkpointHash(codec.checkpointBytes(c));
        }
    }

    @Test
    void versionOneCheckpoints_stillVerify_andAVersion2OneChainsOntoThem() {
        // A trail written before format 2: re-sign its checkpoints in the old format.
        AuditCodec codec = new AuditCodec();
        Signer signer = AuditFixtures.signer();
        store.checkpoints.replaceAll(c -> {
            byte[] bytes = codec.checkpointBytes(c.sequence(), c.headHash(), c.createdAt(), c.keyId(), c.algorithm());
            return new AuditCheckpoint(c.sequence(), c.headHash(), c.createdAt(), c.keyId(), c.algorithm(),
                    java.util.Base64.getEncoder().encodeToString(signer.sign(bytes)), 1, 0, AuditRecord.GENESIS_HASH);
        });
        assertTrue(fresh().verify().intact(), fresh().verify().toString());
        AuditTrail later = fresh();
        AuditFixtures.append(later, 60);
        assertTrue(fresh().verify().intact());
        AuditCheckpoint first2 = store.checkpoints.get(5);
        assertEquals(2, first2.version());
        assertEquals(codec.checkpointHash(codec.checkpointBytes(store.checkpoints.get(4))),
                first2.previousCheckpointHash());
        // Version 1 checkpoints name no predecessor, so only distance tells when they go.
        store.checkpoints.subList(0, 5).clear();
        AuditFixtures.assertBreak(fresh().verify(), ChainBreak.Kind.MISSING_CHECKPOINT, INTERVAL);
    }

    @Test
    void twoInstancesRacingForTheFirstCheckpoint_bothNamingGenesis_stillVerify() {
        TamperableAuditLogStore shared = new TamperableAuditLogStore();
        AuditTrail b = AuditFixtures.trail(shared, 5);
        AuditFixtures.append(b, 4);
        AuditTrail a = AuditFixtures.trail(shared, 5);
        AuditFixtures.append(a, 1);
        assertEquals(AuditRecord.GENESIS_HASH, shared.checkpoints.get(0).previousCheckpointHash());
        // b read "no checkpoint yet" just before a stored its first one.
        shared.staleLatestCheckpointReads = 1;
        AuditFixtures.append(b, 1);
        assertEquals(2, shared.checkpoints.size());
        assertEquals(AuditRecord.GENESIS_HASH, shared.checkpoints.get(1).previousCheckpointHash());
        AuditVerification v = AuditFixtures.trail(shared, 5).verify();
        assertTrue(v.intact(), v.toString());
    }

    // 2. Heads the trail never verified.

    @Test
    void theIssuesRewriteAndDeletion_thenARestart_isNeverVouchedFor() {
        AuditFixtures.rewriteFrom(store, 120);
        store.checkpoints.removeIf(c -> c.sequence() >= 150);
        int checkpoints = store.checkpoints.size();
        AuditTrail restarted = fresh();
        assertThrows(IntegrityException.class, restarted::checkpoint);
        assertThrows(IntegrityException.class, () -> restarted.record(AuditFixtures.event(1)));
        assertEquals(checkpoints, store.checkpoints.size());
        AuditFixtures.assertBreak(fresh().verify(), ChainBreak.Kind.MISSING_CHECKPOINT, 150);
    }

    @Test
    void rewritingTheWholeTrail_andClearingItsCheckpoints_thenARestart_isNeverVouchedFor() {
        AuditFixtures.rewriteFrom(store, 1);
        store.checkpoints.clear();
        assertThrows(IntegrityException.class, () -> fresh().record(AuditFixtures.event(1)));
        assertThrows(IntegrityException.class, () -> fresh().checkpoint());
        assertTrue(store.checkpoints.isEmpty());
        AuditFixtures.assertBreak(fresh().verify(), ChainBreak.Kind.MISSING_CHECKPOINT, INTERVAL);
    }

    @Test
    void checkpointsDeletedUnderALiveTrail_stopItsSigning() {
        store.checkpoints.removeIf(c -> c.sequence() >= 200);
        AuditFixtures.append(trail, INTERVAL + 5);
        assertEquals(3, store.checkpoints.size(), "the live trail did not chain past the deletion");
        assertThrows(IntegrityException.class, trail::checkpoint);
    }

    @Test
    void aForgedFarFutureCheckpoint_isRefused_notSilentlyObeyed() {
        AuditCheckpoint real = store.checkpoints.get(store.checkpoints.size() - 1);
        store.checkpoints.add(new AuditCheckpoint(1_000_000_000_000L, real.headHash(), real.createdAt(), real.keyId(),
                real.algorithm(), real.signature(), real.version(), real.interval(), real.previousCheckpointHash()));
        assertThrows(IntegrityException.class, trail::checkpoint);
        assertThrows(IntegrityException.class, () -> fresh().record(AuditFixtures.event(1)));
    }

    @Test
    void rewritingEntriesAfterTheLastCheckpoint_thenRestarting_checkpointRefuses() {
        AuditFixtures.append(trail, 10);
        AuditRecord r = store.records.get(ENTRIES + 4);
        // Edited in place, hash left as it was: a forged tail the next checkpoint would vouch for.
        store.records.set(ENTRIES + 4, new AuditRecord(r.sequence(), r.timestamp(), r.actorKind(), r.actorRef(),
                r.action(), r.purpose(), r.categories(), r.subjectRef(),
                r.outcome() == ro.clickphone.privacy.spi.audit.AuditOutcome.SUCCESS
                        ? ro.clickphone.privacy.spi.audit.AuditOutcome.DENIED
                        : ro.clickphone.privacy.spi.audit.AuditOutcome.SUCCESS,
                r.details(), r.previousHash(), r.hash()));
        int checkpoints = store.checkpoints.size();
        AuditTrail restarted = fresh();
        assertThrows(IntegrityException.class, restarted::checkpoint);
        assertThrows(IntegrityException.class, () -> restarted.record(AuditFixtures.event(1)));
        assertEquals(checkpoints, store.checkpoints.size(), "nothing was signed over the forged tail");
        assertEquals(ENTRIES + 10, store.records.size(), "nothing was chained onto it");
    }

    @Test
    void rewritingSignedEntriesWithRecomputedHashes_thenRestarting_refusesToAppend() {
        AuditFixtures.rewriteFrom(store, 240);
        AuditTrail restarted = fresh();
        assertThrows(IntegrityException.class, () -> restarted.record(AuditFixtures.event(1)));
        assertThrows(IntegrityException.class, restarted::checkpoint);
        assertEquals(ENTRIES, store.records.size());
    }

    @Test
    void aForgedLatestCheckpoint_stopsTheTrailFromAppending() {
        AuditCheckpoint real = store.checkpoints.get(store.checkpoints.size() - 1);
        store.checkpoints.set(store.checkpoints.size() - 1, new AuditCheckpoint(real.sequence(), real.headHash(),
                real.createdAt(), real.keyId(), real.algorithm(), "AAAA" + real.signature().substring(4),
                real.version(), real.interval(), real.previousCheckpointHash()));
        assertThrows(IntegrityException.class, () -> fresh().record(AuditFixtures.event(1)));
    }

    @Test
    void aTailRewrittenBehindALiveTrail_isRefusedAfterTheSequenceRace() {
        AuditFixtures.append(trail, 5);
        // The attacker rewrites the live trail's own last entries consistently and appends one more,
        // so that the trail's next append loses the race and must adopt the forged head.
        AuditFixtures.rewriteFrom(store, ENTRIES + 3);
        AuditTrail accomplice = AuditTrail.create(new TamperableAuditLogStore(),
                AuditFixtures.settings(AuditFixtures.signer(), INTERVAL), AuditFixtures.tickingClock());
        AuditRecord template = accomplice.record(AuditFixtures.event(3));
        AuditRecord head = store.records.get(store.records.size() - 1);
        String hash = new AuditCodec().hashEntry(head.sequence() + 1, template.timestamp(), template.actorKind().name(),
                template.actorRef(), template.action(), template.purpose(), template.categories(),
                template.subjectRef(), template.outcome().name(), template.details(), head.hash());
        store.records.add(new AuditRecord(head.sequence() + 1, template.timestamp(), template.actorKind(),
                template.actorRef(), template.action(), template.purpose(), template.categories(),
                template.subjectRef(), template.outcome(), template.details(), head.hash(), hash));
        int stored = store.records.size();
        assertThrows(IntegrityException.class, () -> trail.record(AuditFixtures.event(4)));
        assertEquals(stored, store.records.size());
    }

    @Test
    void anotherInstancesAppends_areAdoptedAfterVerification() {
        AuditTrail other = fresh();
        AuditFixtures.append(other, 7);
        AuditFixtures.append(trail, 60);
        assertTrue(fresh().verify().intact());
    }

    // 3. Anchoring.

    @Test
    void droppingTheTailWithItsCheckpoints_isFoundAgainstAMinimumExpectedSequence() {
        store.records.subList(200, ENTRIES).clear();
        store.checkpoints.removeIf(c -> c.sequence() > 200);
        // The documented limit of the store alone...
        assertTrue(fresh().verify().intact());
        // ...closed by a sequence known from outside it.
        AuditFixtures.assertBreak(fresh().verify(ENTRIES), ChainBreak.Kind.TRUNCATED_TAIL, 201);
        assertTrue(fresh().verify(200).intact());
        assertThrows(InvalidInputException.class, () -> fresh().verify(-1));
    }

    @Test
    void anAnchoredCheckpoint_provesTheTailAndItsCheckpointsWereDropped(@TempDir Path dir) {
        TamperableAuditLogStore anchored = new TamperableAuditLogStore();
        FileCheckpointAnchor file = FileCheckpointAnchor.at(dir.resolve("audit-anchor.txt"));
        AuditTrail writer = AuditFixtures.trail(anchored,
                AuditFixtures.settings(AuditFixtures.signer(), INTERVAL).withCheckpointAnchor(file));
        AuditFixtures.append(writer, ENTRIES);
        assertEquals(anchored.checkpoints, file.all());
        AuditCheckpoint anchor = file.latest().orElseThrow();
        assertEquals(ENTRIES, anchor.sequence());
        assertTrue(AuditFixtures.trail(anchored, INTERVAL).verify(file.all()).intact());

        anchored.records.subList(200, ENTRIES).clear();
        anchored.checkpoints.removeIf(c -> c.sequence() > 200);
        assertTrue(AuditFixtures.trail(anchored, INTERVAL).verify().intact());
        AuditFixtures.assertBreak(AuditFixtures.trail(anchored, INTERVAL).verify(anchor), ChainBreak.Kind.TRUNCATED_TAIL, 201);
        AuditFixtures.assertBreak(AuditFixtures.trail(anchored, INTERVAL).verify(file.all()), ChainBreak.Kind.TRUNCATED_TAIL, 201);
    }

    @Test
    void aRewriteWithinTheLimit_signedAfterARestart_cannotReplaceWhatTheAnchorHolds(@TempDir Path dir) {
        TamperableAuditLogStore anchored = new TamperableAuditLogStore();
        FileCheckpointAnchor file = FileCheckpointAnchor.at(dir.resolve("audit-anchor.txt"));
        AuditSettings settings = AuditFixtures.settings(AuditFixtures.signer(), INTERVAL).withCheckpointAnchor(file);
        AuditFixtures.append(AuditFixtures.trail(anchored, settings), ENTRIES);
        // Within the documented limit: rewrite 240..250 and delete the checkpoint over them; a
        // restarted instance then signs the rewritten head, and the store alone looks intact.
        AuditFixtures.rewriteFrom(anchored, 240);
        anchored.checkpoints.removeIf(c -> c.sequence() > 200);
        AuditTrail restarted = AuditFixtures.trail(anchored, settings);
        AuditFixtures.append(restarted, INTERVAL);
        assertTrue(AuditFixtures.trail(anchored, INTERVAL).verify().intact());
        // The anchor kept the original checkpoint at 250 beside the new ones.
        AuditFixtures.assertBreak(AuditFixtures.trail(anchored, INTERVAL).verify(file.all()), ChainBreak.Kind.REWRITTEN_CHAIN,
                ENTRIES);
    }

    @Test
    void anAnchor_catchesAConsistentRewriteWhoseCheckpointsWereDeleted() {
        AuditCheckpoint anchor = store.checkpoints.get(store.checkpoints.size() - 1);
        AuditFixtures.rewriteFrom(store, 240);
        store.checkpoints.removeIf(c -> c.sequence() > 200);
        AuditFixtures.assertBreak(fresh().verify(anchor), ChainBreak.Kind.REWRITTEN_CHAIN, ENTRIES);
    }

    @Test
    void aForgedAnchor_isReportedAsForged() {
        AuditCheckpoint real = store.checkpoints.get(store.checkpoints.size() - 1);
        AuditCheckpoint moved = new AuditCheckpoint(real.sequence() + 100, real.headHash(), real.createdAt(),
                real.keyId(), real.algorithm(), real.signature(), real.version(), real.interval(),
                real.previousCheckpointHash());
        AuditFixtures.assertBreak(fresh().verify(moved), ChainBreak.Kind.FORGED_CHECKPOINT, ENTRIES + 100);
    }

    // 4. Signer rotation and failing signers.

    @Test
    void rotatingTheSigner_keepsHistoryVerifiable_withTheOldKeyAsAVerifier() {
        Instant rotation = Instant.parse("2026-03-01T11:00:00Z");
        Signer old = AuditFixtures.signer();
        Signer next = HmacSha256Signer.create(SecretBytes.copyOf(new byte[32]), "audit-2027");
        AuditSettings rotated = AuditFixtures.settings(next, INTERVAL)
                .withVerifier(old, Instant.parse("2026-01-01T00:00:00Z"), rotation);
        AuditFixtures.append(AuditFixtures.trail(store, rotated), 100);
        assertEquals(7, store.checkpoints.size());
        assertEquals("audit-2027", store.checkpoints.get(6).keyId());
        assertTrue(AuditFixtures.trail(store, rotated).verify().intact());
        // Without the old key, its checkpoints cannot verify: the verifier set is what keeps history green.
        AuditFixtures.assertBreak(AuditFixtures.trail(store, AuditFixtures.settings(next, INTERVAL)).verify(),
                ChainBreak.Kind.FORGED_CHECKPOINT, INTERVAL);
    }

    @Test
    void anOldKey_doesNotVouchForCheckpointsDatedOutsideItsWindow() {
        Signer next = HmacSha256Signer.create(SecretBytes.copyOf(new byte[32]), "audit-2027");
        // The fixtures' clock starts at 2026-03-01T10:00Z; this window ended before it.
        AuditSettings rotated = AuditFixtures.settings(next, INTERVAL).withVerifier(AuditFixtures.signer(),
                Instant.parse("2025-01-01T00:00:00Z"), Instant.parse("2026-01-01T00:00:00Z"));
        AuditFixtures.assertBreak(AuditFixtures.trail(store, rotated).verify(), ChainBreak.Kind.FORGED_CHECKPOINT, INTERVAL);
    }

    @Test
    void verifierSettings_refuseClashesAndEmptyWindows() {
        AuditSettings settings = AuditFixtures.settings(AuditFixtures.signer(), INTERVAL);
        Instant t = Instant.parse("2026-01-01T00:00:00Z");
        assertThrows(InvalidInputException.class, () -> settings.withVerifier(AuditFixtures.signer(), t, t.plusSeconds(1)));
        assertThrows(InvalidInputException.class, () -> settings.withVerifier(
                Ed25519Signer.generate("old-key"), t, t));
        assertThrows(InvalidInputException.class, () -> settings.withVerifier(null, t, t.plusSeconds(1)));
        assertThrows(InvalidInputException.class, () -> settings.withCheckpointAnchor(null));
    }

    @Test
    void aSignerKeyIdThatCheckpointsCannotCarry_isRefusedWhenTheSignerIsMade() {
        assertThrows(InvalidInputException.class,
                () -> HmacSha256Signer.create(SecretBytes.copyOf(new byte[32]), "audit key"));
        assertThrows(InvalidInputException.class, () -> Ed25519Signer.generate("audit key"));
        Signer custom = new Signer() {
            @Override
            public String keyId() {
                return "audit key";
            }

            @Override
            public String algorithm() {
                return "HmacSHA256";
            }

            @Override
            public byte[] sign(byte[] message) {
                return new byte[32];
            }

            @Override
            public boolean verify(byte[] message, byte[] signature) {
                return false;
            }
        };
        assertThrows(InvalidInputException.class,
                () -> AuditSettings.of(custom, SecretBytes.copyOf(AuditFixtures.PSEUDONYM_KEY)));
    }

    @Test
    void aSignerThatThrows_leavesTheCheckpointPending_theGapShows_andALaterCheckpointCoversIt() {
        TamperableAuditLogStore own = new TamperableAuditLogStore();
        AtomicBoolean broken = new AtomicBoolean();
        Signer real = AuditFixtures.signer();
        Signer flaky = new Signer() {
            @Override
            public String keyId() {
                return real.keyId();
            }

            @Override
            public String algorithm() {
                return real.algorithm();
            }

            @Override
            public byte[] sign(byte[] message) {
                if (broken.get()) {
                    throw new IllegalStateException("HSM session lost");
                }
                return real.sign(message);
            }

            @Override
            public boolean verify(byte[] message, byte[] signature) {
                return real.verify(message, signature);
            }
        };
        AuditTrail writer = AuditFixtures.trail(own, AuditFixtures.settings(flaky, INTERVAL));
        AuditFixtures.append(writer, 60);
        broken.set(true);
        AuditFixtures.append(writer, 120);
        assertEquals(180, own.records.size(), "every entry was stored and acknowledged");
        assertEquals(List.of(50L), own.checkpoints.stream().map(AuditCheckpoint::sequence).toList());
        AuditFixtures.assertBreak(AuditFixtures.trail(own, INTERVAL).verify(), ChainBreak.Kind.MISSING_CHECKPOINT, 100);
        broken.set(false);
        AuditFixtures.append(writer, 1);
        assertEquals(181, own.checkpoints.get(1).sequence());
        assertTrue(AuditFixtures.trail(own, INTERVAL).verify().intact());
    }

    @Test
    void aSignerOutageThatOutlivesTheProcess_blocksARestart_untilAReviewerAcceptsTheStretch() {
        TamperableAuditLogStore own = new TamperableAuditLogStore();
        AuditFixtures.append(AuditFixtures.trail(own, INTERVAL), 60);
        AuditRecord last = own.records.get(own.records.size() - 1);
        // The process appended 120 more while its signer was down, then stopped.
        AuditTrail down = AuditFixtures.trail(own, AuditFixtures.settings(new Signer() {
            @Override
            public String keyId() {
                return AuditFixtures.signer().keyId();
            }

            @Override
            public String algorithm() {
                return AuditFixtures.signer().algorithm();
            }

            @Override
            public byte[] sign(byte[] message) {
                throw new IllegalStateException("HSM unreachable");
            }

            @Override
            public boolean verify(byte[] message, byte[] signature) {
                return AuditFixtures.signer().verify(message, signature);
            }
        }, INTERVAL));
        AuditFixtures.append(down, 120);
        assertEquals(last.sequence() + 120, own.records.size());

        AuditTrail restarted = AuditFixtures.trail(own, INTERVAL);
        assertThrows(IntegrityException.class, () -> restarted.record(AuditFixtures.event(1)));
        ro.clickphone.privacy.spi.Actor dpo = ro.clickphone.privacy.spi.Actor.staff(
                ro.clickphone.privacy.spi.Recipient.of("EMPLOYEES"), "dpo-1", java.util.Set.of("DPO"));
        assertThrows(IntegrityException.class, () -> restarted.resumeAfterReview(dpo, 179));
        AuditCheckpoint resumed = restarted.resumeAfterReview(dpo, 180);
        assertEquals(181, resumed.sequence());
        AuditRecord accepted = own.records.get(180);
        assertEquals("audit.gap.accepted", accepted.action());
        assertEquals("51", accepted.details().get("fromSequence"));
        assertEquals("180", accepted.details().get("toSequence"));
        assertTrue(AuditFixtures.trail(own, INTERVAL).verify().intact());
        restarted.record(AuditFixtures.event(2));
    }
}
