package ro.clickphone.privacy.core.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import ro.clickphone.privacy.spi.audit.AuditRecord;
import ro.clickphone.privacy.spi.testkit.RandomCases;

/** Properties of the chain over seeded random append/verify sequences and random single edits. */
class AuditChainPropertiesTest {

    @Test
    void randomAppendsAndVerifies_alwaysVerify() {
        RandomCases.run(60, random -> {
            int interval = RandomCases.size(random, 1, 20);
            int[] batches = new int[RandomCases.size(random, 1, 6)];
            for (int i = 0; i < batches.length; i++) {
                batches[i] = RandomCases.size(random, 0, 40);
            }
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
        });
    }

    @Test
    void anySingleDetailEdit_isFoundAtItsEntry() {
        RandomCases.run(200, random -> {
            int entries = RandomCases.size(random, 1, 60);
            int interval = RandomCases.size(random, 1, 25);
            int position = RandomCases.size(random, 0, entries - 1);
            TamperableAuditLogStore store = new TamperableAuditLogStore();
            AuditTrail trail = AuditFixtures.trail(store, interval);
            AuditFixtures.append(trail, entries);
            AuditRecord r = store.records.get(position);
            TreeMap<String, String> details = new TreeMap<>(r.details());
            details.put("reason", details.get("reason") + "X");
            store.records.set(position, new AuditRecord(r.sequence(), r.timestamp(), r.actorKind(), r.actorRef(),
                    r.action(), r.purpose(), r.categories(), r.subjectRef(), r.outcome(), details, r.previousHash(),
                    r.hash()));
            AuditVerification v = AuditFixtures.trail(store, interval).verify();
            assertEquals(ChainBreak.Kind.EDITED_ENTRY, v.firstBreak().orElseThrow().kind());
            assertEquals(position + 1, v.firstBreak().orElseThrow().sequence());
        });
    }

    @Test
    void anySingleRemoval_isFound() {
        RandomCases.run(200, random -> {
            int entries = RandomCases.size(random, 2, 60);
            int position = RandomCases.size(random, 0, entries - 1);
            TamperableAuditLogStore store = new TamperableAuditLogStore();
            AuditTrail trail = AuditFixtures.trail(store, 10);
            AuditFixtures.append(trail, entries);
            store.records.remove(position);
            AuditVerification v = trail.verify();
            ChainBreak b = v.firstBreak().orElseThrow();
            boolean tail = position == entries - 1;
            assertEquals(tail ? ChainBreak.Kind.TRUNCATED_TAIL : ChainBreak.Kind.REMOVED_ENTRY, b.kind(),
                    b.description());
            assertEquals(position + 1, b.sequence());
        });
    }
}
