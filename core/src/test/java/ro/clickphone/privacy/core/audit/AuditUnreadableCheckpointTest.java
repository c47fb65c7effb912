package ro.clickphone.privacy.core.audit;

import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import ro.clickphone.privacy.spi.IntegrityException;

/**
 * A checkpoint row a store writer edited into a value no checkpoint can have (a format version this
 * release does not know, an unknown algorithm): the store cannot read it back. Verification must
 * report it, not throw; a trail starting over it must refuse to append.
 */
class AuditUnreadableCheckpointTest extends SignedTrailFixture {

    @Test
    void anUnreadableCheckpointInTheMiddle_isReportedAsForged_atItsSequence() {
        store.unreadableCheckpoints.add(150L);
        AuditFixtures.assertBreak(fresh().verify(), ChainBreak.Kind.FORGED_CHECKPOINT, 150);
        AuditFixtures.assertBreak(trail.verify(), ChainBreak.Kind.FORGED_CHECKPOINT, 150);
    }

    @Test
    void anUnreadableLatestCheckpoint_isReportedByVerify_andAFreshTrailRefusesToAppend() {
        store.unreadableCheckpoints.add((long) ENTRIES);
        AuditFixtures.assertBreak(fresh().verify(), ChainBreak.Kind.FORGED_CHECKPOINT, ENTRIES);
        AuditTrail fresh = fresh();
        assertThrows(IntegrityException.class, () -> fresh.record(AuditFixtures.event(ENTRIES + 1)));
    }

    @Test
    void twoUnreadableCheckpoints_theFirstIsReported() {
        store.unreadableCheckpoints.add(100L);
        store.unreadableCheckpoints.add(200L);
        AuditFixtures.assertBreak(fresh().verify(), ChainBreak.Kind.FORGED_CHECKPOINT, 100);
    }
}
