package ro.clickphone.privacy.core.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import ro.clickphone.privacy.spi.ActorKind;
import ro.clickphone.privacy.spi.Actor;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.Recipient;
import ro.clickphone.privacy.spi.audit.AuditCheckpoint;
import ro.clickphone.privacy.spi.audit.AuditLogStore;
import ro.clickphone.privacy.spi.audit.AuditOutcome;
import ro.clickphone.privacy.spi.audit.AuditRecord;
import ro.clickphone.privacy.spi.internal.audit.TrustedAuditRecords;
import ro.clickphone.privacy.spi.memory.InMemoryAuditLogStore;

/**
 * The trail makes its own records without validating again what it computed (issue 18). These tests
 * play a store plugin and a caller who try to use that path, and check that what a caller supplies
 * is still refused, that the path does not leak into the public constructor on the same thread, and
 * that the records it makes are the ones the public constructor would make.
 */
class AuditTrustedPathTest {

    private static final String HASH = "ab".repeat(32);
    private static final Actor STAFF = Actor.staff(Recipient.of("EMPLOYEES"), "emp-0815", Set.of("SUPPORT"));

    /** A store plugin: keeps records in memory, and shows each append to a spy. */
    static class PluginStore implements AuditLogStore {
        final InMemoryAuditLogStore inner = new InMemoryAuditLogStore();
        final List<AuditRecord> seen = new java.util.ArrayList<>();

        @Override
        public void append(AuditRecord record) {
            seen.add(record);
            inner.append(record);
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
            inner.appendCheckpoint(checkpoint);
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

    /** A store plugin that tries to mint unvalidated records through the bridge. */
    static final class GreedyStore extends PluginStore {
        TrustedAuditRecords.Maker steal() {
            return TrustedAuditRecords.forTrail();
        }
    }

    @Test
    void trustedMaker_askedByAStorePlugin_isRefused() {
        assertThrows(IllegalCallerException.class, () -> new GreedyStore().steal());
    }

    @Test
    void trustedMaker_askedByACaller_isRefused() {
        assertThrows(IllegalCallerException.class, TrustedAuditRecords::forTrail);
    }

    @Test
    void trustedMaker_installedByAnyoneButAuditRecord_isRefused() {
        TrustedAuditRecords.Maker fake = (sequence, timestamp, actorKind, actorRef, action, purpose, categories,
                subjectRef, outcome, keys, values, count, previousHash, hash) -> null;
        assertThrows(IllegalCallerException.class, () -> TrustedAuditRecords.install(fake));
    }

    @Test
    void auditRecord_offersOnlyItsValidatingConstructor() {
        Constructor<?>[] declared = AuditRecord.class.getDeclaredConstructors();
        assertEquals(1, declared.length, "one constructor: the canonical one, which a record always runs");
        assertTrue(Modifier.isPublic(declared[0].getModifiers()));
        for (Method m : AuditRecord.class.getMethods()) {
            if (Modifier.isStatic(m.getModifiers())) {
                assertFalse(AuditRecord.class.isAssignableFrom(m.getReturnType()),
                        "no public factory of records: " + m.getName());
            }
        }
        for (Class<?> nested : AuditRecord.class.getDeclaredClasses()) {
            assertTrue(Modifier.isPrivate(nested.getModifiers()), nested.getName() + " must stay private");
        }
    }

    @Test
    void publicConstructor_onTheThreadThatJustAppended_stillValidates() {
        AuditTrail trail = AuditFixtures.trail(new InMemoryAuditLogStore(), 10);
        AuditRecord made = trail.record(AuditFixtures.event(1));
        // The same thread, right after a trusted record: a forged one is still checked in full.
        assertThrows(InvalidInputException.class, () -> new AuditRecord(2, Instant.now(), ActorKind.STAFF,
                "emp-0815", "access.check", Optional.empty(), List.of(), Optional.of("not-a-pseudonym"),
                AuditOutcome.SUCCESS, new TreeMap<>(), made.hash(), HASH));
        assertThrows(InvalidInputException.class, () -> new AuditRecord(2, Instant.now(), ActorKind.STAFF,
                "emp-0815", "access.check", Optional.empty(), List.of(), Optional.empty(), AuditOutcome.SUCCESS,
                new TreeMap<>(), made.hash(), "ZZ" + HASH.substring(2)));
        assertThrows(InvalidInputException.class, () -> new AuditRecord(2, Instant.now(), ActorKind.STAFF,
                "emp-0815", "access.check", Optional.empty(), List.of(), Optional.empty(), AuditOutcome.SUCCESS,
                new TreeMap<>(Map.of("text", "ion@example.ro")), made.hash(), HASH));
        // The trail's own details map, passed again with forged fields, vouches for nothing.
        assertThrows(InvalidInputException.class, () -> new AuditRecord(2, Instant.now(), ActorKind.STAFF,
                "emp-0815", "access.check", Optional.empty(), List.of(), Optional.of("not-a-pseudonym"),
                AuditOutcome.SUCCESS, made.details(), made.hash(), HASH));
        assertThrows(InvalidInputException.class, () -> new AuditRecord(2, Instant.now(), ActorKind.STAFF,
                "emp-0815", "access.check", Optional.empty(), List.of(), Optional.empty(), AuditOutcome.SUCCESS,
                made.details(), made.hash(), "not a hash"));
    }

    @Test
    void publicConstructor_afterARefusedAppend_stillValidates() {
        AuditTrail trail = AuditFixtures.trail(new InMemoryAuditLogStore(), 10);
        assertThrows(InvalidInputException.class, () -> trail.record(
                AuditEvent.of(STAFF, "note.add", AuditOutcome.SUCCESS).withDetail("text", "0721 234 567")));
        assertThrows(InvalidInputException.class, () -> new AuditRecord(1, Instant.now(), ActorKind.STAFF,
                "emp-0815", "access.check", Optional.empty(), List.of(), Optional.empty(), AuditOutcome.SUCCESS,
                new TreeMap<>(), AuditRecord.GENESIS_HASH, "x"));
    }

    @Test
    void record_whatACallerSupplies_isStillChecked() {
        AuditTrail trail = AuditFixtures.trail(new InMemoryAuditLogStore(), 10);
        assertThrows(InvalidInputException.class,
                () -> trail.record(AuditEvent.of(STAFF, "Bad Action", AuditOutcome.SUCCESS)));
        assertThrows(InvalidInputException.class, () -> trail.record(
                AuditEvent.of(STAFF, "note.add", AuditOutcome.SUCCESS).withDetail("text", "ion@example.ro")));
        assertThrows(InvalidInputException.class, () -> trail.record(
                AuditEvent.of(STAFF, "note.add", AuditOutcome.SUCCESS).withDetail("text", "two words")));
        assertThrows(InvalidInputException.class, () -> trail.record(
                AuditEvent.of(STAFF, "note.add", AuditOutcome.SUCCESS).withDetail("Bad Key", "x")));
        assertThrows(InvalidInputException.class, () -> trail.record(
                AuditEvent.of(STAFF, "note.add", AuditOutcome.SUCCESS).withDetail("ip", "10.0.0.12")));
        // Roles joined past the 256 characters a detail value may hold.
        Set<String> roles = new java.util.TreeSet<>();
        for (int i = 0; i < 40; i++) {
            roles.add("ROLE_NUMBER_" + i);
        }
        Actor many = Actor.staff(Recipient.of("EMPLOYEES"), "emp-0815", roles);
        assertThrows(InvalidInputException.class,
                () -> trail.record(AuditEvent.of(many, "note.add", AuditOutcome.SUCCESS)));
        assertEquals(0, trail.verify().entriesChecked());
    }

    @Test
    void trustedRecord_equalsWhatThePublicConstructorMakes() {
        InMemoryAuditLogStore store = new InMemoryAuditLogStore();
        AuditTrail trail = AuditFixtures.trail(store, 10);
        Actor authority = Actor.authority(Recipient.of("AUTHORITIES"), "police-ro", "req-2026-118");
        AuditEvent event = AuditEvent.of(authority, "disclosure.made", AuditOutcome.SUCCESS)
                .withDetail("zeta", "Z1").withDetail("alpha", "A1").withDetail("roles", "OVERRIDDEN");
        AuditRecord made = trail.record(event);
        AuditRecord checked = new AuditRecord(made.sequence(), made.timestamp(), made.actorKind(), made.actorRef(),
                made.action(), made.purpose(), made.categories(), made.subjectRef(), made.outcome(), made.details(),
                made.previousHash(), made.hash());
        assertEquals(checked, made);
        assertEquals(made, checked);
        assertEquals(checked.hashCode(), made.hashCode());
        assertEquals(List.of("alpha", "legalRequest", "roles", "zeta"), List.copyOf(made.details().keySet()));
        assertEquals("req-2026-118", made.details().get("legalRequest"));
        assertEquals(new TreeMap<>(checked.details()), new TreeMap<>(made.details()));
        assertEquals(Map.of("alpha", "A1"), made.details().headMap("b"));
        assertEquals("alpha", made.details().firstKey());
        assertEquals("zeta", made.details().lastKey());
        assertThrows(UnsupportedOperationException.class, () -> made.details().put("x", "y"));
        assertThrows(UnsupportedOperationException.class, () -> made.details().clear());
        assertThrows(UnsupportedOperationException.class,
                () -> made.details().entrySet().iterator().next().setValue("y"));
        assertThrows(UnsupportedOperationException.class, () -> made.details().keySet().remove("alpha"));
        assertTrue(trail.verify().intact());
    }

    @Test
    void storePlugin_seesOnlyRecordsThatPassThePublicChecks() {
        PluginStore spying = new PluginStore();
        AuditTrail trail = AuditFixtures.trail(spying, 3);
        AuditFixtures.append(trail, 7);
        for (AuditRecord r : spying.seen) {
            AuditRecord checked = new AuditRecord(r.sequence(), r.timestamp(), r.actorKind(), r.actorRef(), r.action(),
                    r.purpose(), r.categories(), r.subjectRef(), r.outcome(), r.details(), r.previousHash(), r.hash());
            assertEquals(checked, r);
        }
        assertEquals(7, spying.seen.size());
    }
}
