package ro.clickphone.privacy.core.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.BeforeEach;

/** A trail of 250 entries with a checkpoint every 50, over a store the test can tamper with. */
abstract class SignedTrailFixture {

    static final int ENTRIES = 250;
    static final int INTERVAL = 50;

    TamperableAuditLogStore store;
    AuditTrail trail;

    @BeforeEach
    void appendEntries() {
        store = new TamperableAuditLogStore();
        trail = AuditFixtures.trail(store, INTERVAL);
        AuditFixtures.append(trail, ENTRIES);
        assertEquals(ENTRIES / INTERVAL, store.checkpoints.size());
    }

    /** A fresh trail over the same store: what a later process or an auditor sees. */
    AuditTrail fresh() {
        return AuditFixtures.trail(store, INTERVAL);
    }
}
