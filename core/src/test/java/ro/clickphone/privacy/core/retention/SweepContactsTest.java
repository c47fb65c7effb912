package ro.clickphone.privacy.core.retention;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static ro.clickphone.privacy.core.retention.RetentionFixture.ANA;
import static ro.clickphone.privacy.core.retention.RetentionFixture.BOB;
import static ro.clickphone.privacy.core.retention.RetentionFixture.CONTACT;
import static ro.clickphone.privacy.core.retention.RetentionFixture.FINANCIAL;
import static ro.clickphone.privacy.core.retention.RetentionFixture.bucharest;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import ro.clickphone.privacy.spi.RecordRef;
import ro.clickphone.privacy.spi.StoreException;
import ro.clickphone.privacy.spi.SubjectId;
import ro.clickphone.privacy.spi.audit.AuditRecord;
import ro.clickphone.privacy.spi.memory.InMemoryStores;
import ro.clickphone.privacy.spi.notify.ContactDirectory;
import ro.clickphone.privacy.spi.notify.Medium;
import ro.clickphone.privacy.spi.notify.SubjectContacts;
import ro.clickphone.privacy.spi.retention.HoldScope;

/**
 * The sweep removes a subject's contact directory entry with the last of its CONTACT data, as an erasure does,
 * and never while some of that data is kept; a dry run removes nothing; a failure is finished by the next sweep.
 */
class SweepContactsTest {

    private static final String ANA_MAIL = "ana.popescu@example.ro";

    private final RetentionFixture f = new RetentionFixture(bucharest("2026-03-16T12:00"));

    private void contacts(RetentionFixture g, SubjectId subject, String mail) {
        g.stores.contacts().put(subject, new SubjectContacts(Map.of(Medium.EMAIL, mail), "ro"));
    }

    /** A CONTACT record of the subject, tagged; due three years after a contract end recorded on 2026-03-16. */
    private RecordRef account(RetentionFixture g, SubjectId subject, String id) {
        RecordRef ref = g.profile.add(id);
        g.retention().tag(subject, ref, CONTACT, g.clock.instant());
        return ref;
    }

    @Test
    void theLastContactRecordDisposedOf_removesTheDirectoryEntry_auditedWithoutTheAddress_dryRunRemovesNothing() {
        RecordRef ana = account(f, ANA, "acct-1");
        account(f, BOB, "acct-2");
        RecordRef invoice = f.billing.add("F-1");
        f.retention().tag(ANA, invoice, FINANCIAL, f.clock.instant());
        contacts(f, ANA, ANA_MAIL);
        contacts(f, BOB, "bob@example.ro");
        f.retention().recordEvent(ANA, "contract-end", LocalDate.of(2026, 3, 16));

        f.clock.set(bucharest("2029-03-17T09:00"));
        SweepReport dry = f.retention().sweep(SweepOptions.defaults().withDryRun(true));
        assertEquals(1, dry.total());
        assertTrue(f.stores.contacts().find(ANA).isPresent(), "a dry run removes nothing");

        SweepReport report = f.retention().sweep(SweepOptions.defaults());
        assertEquals(1, report.total());
        assertFalse(f.profile.holds(ana));
        assertEquals(Optional.empty(), f.stores.contacts().find(ANA), "the contacts go with the CONTACT data");
        assertTrue(f.stores.contacts().find(BOB).isPresent(), "another subject's contacts stay");
        assertTrue(f.billing.holds(invoice), "the invoice is kept ten years; it does not keep the contacts");

        List<AuditRecord> removed = f.audited("retention.contacts");
        assertEquals(1, removed.size());
        assertEquals("REMOVED", removed.get(0).details().get("contacts"));
        assertEquals("1", f.audited("retention.sweep").get(1).details().get("contactsRemoved"));
        assertEquals("0", f.audited("retention.sweep").get(0).details().get("contactsRemoved"));
        assertFalse(removed.toString().toLowerCase().contains("popescu"), "no address in the audit entry");
        assertFalse(removed.get(0).details().toString().toLowerCase().contains("popescu"));
    }

    @Test
    void aContactRecordStillKept_orAHold_orAnUntaggedContactRecord_keepsTheEntry() {
        account(f, ANA, "acct-1");
        contacts(f, ANA, ANA_MAIL);
        f.retention().recordEvent(ANA, "contract-end", LocalDate.of(2026, 3, 16));
        // a second contract's account, tagged later: it waits for that contract's end
        f.clock.set(bucharest("2027-01-04T10:00"));
        RecordRef next = account(f, ANA, "acct-1-next");

        f.clock.set(bucharest("2029-03-17T09:00"));
        assertEquals(1, f.retention().sweep(SweepOptions.defaults()).total());
        assertTrue(f.stores.contacts().find(ANA).isPresent(), "a CONTACT record still kept keeps the contacts");

        f.clock.set(bucharest("2031-01-02T09:00"));
        f.retention().recordEvent(next, "contract-end", LocalDate.of(2030, 12, 31));
        f.clock.set(bucharest("2034-01-02T09:00"));
        String hold = f.retention().hold(HoldScope.subject(ANA), "dispute", "case-1").id();
        assertEquals(0, f.retention().sweep(SweepOptions.defaults()).total(), "held");
        assertTrue(f.stores.contacts().find(ANA).isPresent());
        f.retention().release(hold);

        // an untagged CONTACT record at a source that can find keeps them too
        f.profile.add("acct-1-untagged", ANA, CONTACT, Map.of("email", ANA_MAIL));
        assertEquals(1, f.retention().sweep(SweepOptions.defaults()).total());
        assertFalse(f.profile.holds(next));
        assertTrue(f.stores.contacts().find(ANA).isPresent(), "an untagged CONTACT record keeps the contacts");
        assertTrue(f.audited("retention.contacts").isEmpty());
    }

    @Test
    void aFailingRemoval_leavesTheRecordDue_andTheNextSweepDisposesOfItAgainAndRemovesTheEntry() {
        AtomicBoolean failing = new AtomicBoolean(true);
        ContactDirectory real = InMemoryStores.create().contacts();
        ContactDirectory flaky = new ContactDirectory() {
            @Override
            public Optional<SubjectContacts> find(SubjectId subject) {
                return real.find(subject);
            }

            @Override
            public void put(SubjectId subject, SubjectContacts contacts) {
                real.put(subject, contacts);
            }

            @Override
            public boolean remove(SubjectId subject) {
                if (failing.get()) {
                    throw new StoreException("contacts down", true, null);
                }
                return real.remove(subject);
            }
        };
        RetentionFixture g = new RetentionFixture(bucharest("2026-03-16T12:00"), s -> s.withContacts(flaky),
                List.of());
        RecordRef ana = account(g, ANA, "acct-1");
        contacts(g, ANA, ANA_MAIL);
        g.retention().recordEvent(ANA, "contract-end", LocalDate.of(2026, 3, 16));

        g.clock.set(bucharest("2029-03-17T09:00"));
        SweepReport failed = g.retention().sweep(SweepOptions.defaults());
        assertEquals(0, failed.total());
        assertEquals(1, failed.failed());
        assertEquals("StoreException", failed.failures().get(0).reason());
        assertFalse(g.profile.holds(ana), "the source disposed of it before the removal");
        assertFalse(g.retention().tagOf(ana).orElseThrow().isDisposed(), "not marked: due again");
        assertTrue(real.find(ANA).isPresent());

        failing.set(false);
        g.clock.set(g.clock.instant().plus(Duration.ofMinutes(6)));
        SweepReport again = g.retention().sweep(SweepOptions.defaults());
        assertEquals(1, again.total());
        assertTrue(g.retention().tagOf(ana).orElseThrow().isDisposed());
        assertEquals(Optional.empty(), real.find(ANA), "the rerun removed the contacts");
        assertEquals(1, g.audited("retention.contacts").size());
    }
}
