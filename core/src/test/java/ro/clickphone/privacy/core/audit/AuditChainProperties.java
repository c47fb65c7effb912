package ro.clickphone.privacy.core.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import ro.clickphone.privacy.spi.audit.AuditRecord;

/** Properties of the chain over random append/verify sequences and random single edits. */
class AuditChainProperties {

    @Property(tries = 60)
    void randomAppendsAndVerifies_alwaysVerify(@ForAll("batches") List<Integer> batches,
            @ForAll @IntRange(min = 1, max = 20) int interval) {
        TamperableAuditLogStore store = new TamperableAuditLogStore();
        AuditTrail trail = AuditFixtures.trail(store, interval);
        int total = 0;
        for (int batch : batches) {
            for (int i = 0; i < batch; i++) {
                trail.record(AuditFixtures.event(total + i));
            }
            total += batch;
            AuditVerification v = trail.verify();
            assertTrue(v.intact(), () -> v.firstBreak().orElseThrow().description());
            assertEquals(total, v.entriesChecked());
            assertEquals(total / interval, v.checkpointsChecked());
        }
    }

    @Provide
    Arbitrary<List<Integer>> batches() {
        return Arbitraries.integers().between(0, 40).list().ofMinSize(1).ofMaxSize(6);
    }

    @Property(tries = 200)
    void anySingleDetailEdit_isFoundAtItsEntry(@ForAll @IntRange(min = 1, max = 60) int entries,
            @ForAll @IntRange(min = 0, max = 10_000) int pick, @ForAll @IntRange(min = 1, max = 25) int interval) {
        TamperableAuditLogStore store = new TamperableAuditLogStore();
        AuditTrail trail = AuditFixtures.trail(store, interval);
        AuditFixtures.append(trail, entries);
        int position = pick % entries;
        AuditRecord r = store.records.get(position);
        TreeMap<String, String> details = new TreeMap<>(r.details());
        details.put("reason", details.get("reason") + "X");
        store.records.set(position, new AuditRecord(r.sequence(), r.timestamp(), r.actorKind(), r.actorRef(),
                r.action(), r.purpose(), r.categories(), r.subjectRef(), r.outcome(), details, r.previousHash(),
                r.hash()));
        AuditVerification v = AuditFixtures.trail(store, interval).verify();
        assertEquals(ChainBreak.Kind.EDITED_ENTRY, v.firstBreak().orElseThrow().kind());
        assertEquals(position + 1, v.firstBreak().orElseThrow().sequence());
    }

    @Property(tries = 200)
    void anySingleRemoval_isFound(@ForAll @IntRange(min = 2, max = 60) int entries,
            @ForAll @IntRange(min = 0, max = 10_000) int pick) {
        TamperableAuditLogStore store = new TamperableAuditLogStore();
        AuditTrail trail = AuditFixtures.trail(store, 10);
        AuditFixtures.append(trail, entries);
        int position = pick % entries;
        store.records.remove(position);
        AuditVerification v = trail.verify();
        ChainBreak b = v.firstBreak().orElseThrow();
        boolean tail = position == entries - 1;
        assertEquals(tail ? ChainBreak.Kind.TRUNCATED_TAIL : ChainBreak.Kind.REMOVED_ENTRY, b.kind(), b.description());
        assertEquals(position + 1, b.sequence());
    }
}
