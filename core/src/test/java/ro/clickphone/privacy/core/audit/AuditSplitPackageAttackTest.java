package ro.clickphone.privacy.core.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import ro.clickphone.privacy.spi.Actor;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.Recipient;
import ro.clickphone.privacy.spi.audit.AuditOutcome;
import ro.clickphone.privacy.spi.audit.AuditRecord;
import ro.clickphone.privacy.spi.audit.SplitPackageForger;
import ro.clickphone.privacy.spi.memory.InMemoryAuditLogStore;

/**
 * A store plugin with a class in spi's package (review finding 1) serves an edited entry; and the
 * append path's encoding against the golden vector (review finding 3). Adapted from the review's
 * ReviewAuditAttackTest.
 */
class AuditSplitPackageAttackTest {

    private static final Instant TIME = Instant.parse("2026-03-01T10:00:00.123456789Z");
    /** docs/FORMAT.md's golden entry hash (the same vector as AuditFormatTest). */
    private static final String ENTRY_HASH = "5c9bfebe5392f968a88d5193fa9d80ac55dbc924ae5458b725ca7d4cd5ddd375";

    /** A store plugin that, once told to, serves entry 1 edited. */
    static final class LyingStore extends AuditTrustedPathTest.PluginStore {
        UnaryOperator<AuditRecord> edit;

        @Override
        public List<AuditRecord> read(long fromSequence, int maxCount) {
            List<AuditRecord> out = new ArrayList<>(super.read(fromSequence, maxCount));
            if (edit != null && !out.isEmpty() && out.get(0).sequence() == 1) {
                out.set(0, edit.apply(out.get(0)));
            }
            return out;
        }
    }

    @Test
    void splitPackageStore_lookalikeEditOfAStoredEntry_isRefusedByTheConstructor() {
        LyingStore store = new LyingStore();
        AuditTrail trail = AuditFixtures.trail(store, 2);
        Actor staff = Actor.staff(Recipient.of("EMPLOYEES"), "emp-0815", Set.of("SUPPORT"));
        for (int i = 0; i < 3; i++) {
            trail.record(AuditEvent.of(staff, "access.check", AuditOutcome.SUCCESS).withDetail("reason", "R" + i));
        }
        // U+0130 has the low byte of '0': an edit the hash would not see, were it let through.
        String edited = "emp-\u0130815";
        AuditRecord first = store.inner.read(1, 1).get(0);
        assertThrows(InvalidInputException.class, () -> SplitPackageForger.withActorRef(first, edited));
        // A trail-made record's own details map, passed again through the forger, is checked too.
        assertThrows(InvalidInputException.class, () -> SplitPackageForger.forge(new Object(), first.sequence(),
                null, first.actorKind(), first.actorRef(), first.action(), first.purpose(), first.categories(),
                first.subjectRef(), first.outcome(), first.details(), first.previousHash(), first.hash()));
        store.edit = r -> SplitPackageForger.withActorRef(r, edited);
        assertThrows(InvalidInputException.class, () -> store.read(1, 10));
        store.edit = null;
        AuditVerification v = AuditFixtures.trail(store, 2).verify();
        assertTrue(v.intact(), String.valueOf(v));
    }

    @Test
    void digestEntry_theAppendPath_matchesTheGoldenVector() {
        String[] keys = {"reason", "recipient"};
        String[] values = {"ROLE_GRANTED", "EMPLOYEES"};
        byte[] digest = new AuditCodec().digestEntry(1, TIME, "STAFF", "emp-0815", "access.check",
                Optional.of("SERVICE_PROVISION"), List.of("TRAFFIC"), Optional.of("s-" + "0123456789abcdef".repeat(2)),
                "SUCCESS", keys, values, 2, new byte[32], new byte[32]);
        assertEquals(ENTRY_HASH, HexFormat.of().formatHex(digest));
    }

    @Test
    void digestEntry_equalsHashEntry_overANonGenesisHash() {
        AuditCodec codec = new AuditCodec();
        String[] keys = {"alpha", "legalRequest", "roles", "zeta", null};
        String[] values = {"A1", "req-1", "A,B", "Z", null};
        TreeMap<String, String> map = new TreeMap<>();
        for (int i = 0; i < 4; i++) {
            map.put(keys[i], values[i]);
        }
        byte[] d = codec.digestEntry(7, TIME, "AUTHORITY", "IGPR", "disclosure.made", Optional.empty(),
                List.of("A", "B"), Optional.empty(), "DENIED", keys, values, 4, HexFormat.of().parseHex(ENTRY_HASH),
                new byte[32]);
        assertEquals(codec.hashEntry(7, TIME, "AUTHORITY", "IGPR", "disclosure.made", Optional.empty(),
                List.of("A", "B"), Optional.empty(), "DENIED", map, ENTRY_HASH), HexFormat.of().formatHex(d));
    }

    @Test
    void headAsBytes_acrossRestartsCheckpointsAndLostRaces() {
        InMemoryAuditLogStore store = new InMemoryAuditLogStore();
        AuditTrail a = AuditFixtures.trail(store, 3);
        AuditFixtures.append(a, 5);
        AuditTrail b = AuditFixtures.trail(store, 3);
        AuditFixtures.append(b, 4);
        AuditFixtures.append(a, 2);
        AuditFixtures.append(b, 1);
        a.checkpoint();
        AuditFixtures.append(a, 1);
        AuditVerification v = AuditFixtures.trail(store, 3).verify();
        assertTrue(v.intact(), String.valueOf(v));
        assertEquals(13, v.entriesChecked());
    }
}
