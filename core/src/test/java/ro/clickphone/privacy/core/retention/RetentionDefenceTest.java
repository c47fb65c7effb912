package ro.clickphone.privacy.core.retention;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static ro.clickphone.privacy.core.retention.RetentionFixture.ANA;
import static ro.clickphone.privacy.core.retention.RetentionFixture.ANALYTICS_COOKIES;
import static ro.clickphone.privacy.core.retention.RetentionFixture.BOB;
import static ro.clickphone.privacy.core.retention.RetentionFixture.DELIVERY;
import static ro.clickphone.privacy.core.retention.RetentionFixture.FINANCIAL;
import static ro.clickphone.privacy.core.retention.RetentionFixture.IDENTITY;
import static ro.clickphone.privacy.core.retention.RetentionFixture.NETWORK;
import static ro.clickphone.privacy.core.retention.RetentionFixture.TRAFFIC;
import static ro.clickphone.privacy.core.retention.RetentionFixture.bucharest;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mockito.Mockito;
import ro.clickphone.privacy.core.PrivacyKit;
import ro.clickphone.privacy.core.audit.AuditSettings;
import ro.clickphone.privacy.core.consent.ConsentProof;
import ro.clickphone.privacy.core.consent.ConsentSettings;
import ro.clickphone.privacy.core.policy.Policy;
import ro.clickphone.privacy.crypto.FieldContext;
import ro.clickphone.privacy.crypto.KeySettings;
import ro.clickphone.privacy.crypto.kek.Pkcs12KeyEncryptionKeyProvider;
import ro.clickphone.privacy.crypto.sign.HmacSha256Signer;
import ro.clickphone.privacy.spi.Actor;
import ro.clickphone.privacy.spi.DataCategory;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.KeyDestroyedException;
import ro.clickphone.privacy.spi.Purpose;
import ro.clickphone.privacy.spi.RecordRef;
import ro.clickphone.privacy.spi.SecretBytes;
import ro.clickphone.privacy.spi.StoreException;
import ro.clickphone.privacy.spi.SubjectId;
import ro.clickphone.privacy.spi.audit.AuditRecord;
import ro.clickphone.privacy.spi.consent.ConsentChannel;
import ro.clickphone.privacy.spi.memory.InMemoryRetentionStore;
import ro.clickphone.privacy.spi.retention.HoldScope;
import ro.clickphone.privacy.spi.retention.RetentionStore;
import ro.clickphone.privacy.spi.source.DisposalAction;
import ro.clickphone.privacy.spi.source.PersonalDataSource;

/** The review's attacks on retention, each played against the defence that stops it. */
class RetentionDefenceTest {

    private static final DataCategory VOICEMAIL = DataCategory.of("VOICEMAIL");

    @TempDir
    Path dir;

    private RetentionFixture withKeys() {
        return withKeys(List.of());
    }

    private RetentionFixture withKeys(List<PersonalDataSource> extra) {
        KeySettings keys = KeySettings.of(Pkcs12KeyEncryptionKeyProvider.create(dir.resolve("kek.p12"),
                "pw".toCharArray(), "kek"));
        return new RetentionFixture(Policy.clickPhoneDefault(), bucharest("2026-03-01T12:00"), UnaryOperator.identity(),
                extra, b -> b.keys(keys));
    }

    // --- 1. a retention shred does not block the subject's next records ------------------------------

    @Test
    void retentionShred_ofABuyersOnlyDelivery_leavesTheNextOrderWritable_oldUnreadable_newReadable() {
        RetentionFixture f = withKeys();
        FieldContext address = f.kit.fieldContext("order", "delivery_address", DELIVERY);
        f.clock.set(bucharest("2024-05-02T10:00"));
        String oldAddress = f.kit.fields().encrypt(BOB, address, "Str. Lalelelor 3, Cluj");
        RecordRef first = f.delivery.add("order-1");
        f.retention().tag(BOB, first, DELIVERY, f.clock.instant());

        f.clock.set(bucharest("2026-03-01T02:00"));
        f.retention().recordEvent(first, "warranty-end", LocalDate.of(2026, 2, 1));
        SweepReport report = f.retention().sweep(SweepOptions.defaults());
        assertEquals(1, report.count(DELIVERY, DisposalAction.CRYPTO_SHRED));
        assertThrows(KeyDestroyedException.class, () -> f.kit.fields().decrypt(BOB, address, oldAddress),
                "the disposed order's ciphertexts are gone with their key version");

        f.clock.set(bucharest("2026-03-03T09:00"));
        String newAddress = f.kit.fields().encrypt(BOB, address, "Str. Morii 10, Iași");
        f.retention().tag(BOB, f.delivery.add("order-2"), DELIVERY, f.clock.instant());
        assertEquals("Str. Morii 10, Iași", f.kit.fields().decrypt(BOB, address, newAddress));
        assertThrows(KeyDestroyedException.class, () -> f.kit.fields().decrypt(BOB, address, oldAddress));
        assertTrue(f.retention().tagOf(first).orElseThrow().isDisposed());
    }

    // "Toate documentele care conțin date cu caracter personal se înregistrează și urmează regulile de păstrare,
    // procesare, multiplicare, transport, transmitere, distrugere și arhivare" — disposing of an old order
    // must not destroy what the buyer writes meanwhile
    @Test
    void aKeyVersionMadeWhileTheSourceDisposes_isNotRetiredWithTheOldOnes_theNewValueStaysReadable() {
        RetentionFixture[] g = new RetentionFixture[1];
        String[] written = new String[1];
        SweepTest.CountingSource shop = new SweepTest.CountingSource("shop", DELIVERY) {
            @Override
            public void dispose(RecordRef record, DisposalAction action) {
                super.dispose(record, action);
                // The buyer writes while the sweep disposes of the old order: under a new key version.
                FieldContext address = g[0].kit.fieldContext("order", "delivery_address", DELIVERY);
                g[0].kit.keys().rotate(BOB, address.scope());
                written[0] = g[0].kit.fields().encrypt(BOB, address, "Str. Morii 10, Iași");
            }
        };
        g[0] = withKeys(List.of(shop));
        RetentionFixture f = g[0];
        FieldContext address = f.kit.fieldContext("order", "delivery_address", DELIVERY);
        f.clock.set(bucharest("2024-05-02T10:00"));
        String oldAddress = f.kit.fields().encrypt(BOB, address, "Str. Lalelelor 3, Cluj");
        RecordRef first = RecordRef.of("shop", "order-1");
        f.retention().tag(BOB, first, DELIVERY, f.clock.instant());
        f.clock.set(bucharest("2026-03-01T02:00"));
        f.retention().recordEvent(first, "warranty-end", LocalDate.of(2026, 2, 1));

        SweepReport report = f.retention().sweep(SweepOptions.defaults());

        assertEquals(1, report.count(DELIVERY, DisposalAction.CRYPTO_SHRED), "planned as a shred of version 1");
        assertEquals("1", f.audited("retention.shred").get(0).details().get("versions"));
        assertThrows(KeyDestroyedException.class, () -> f.kit.fields().decrypt(BOB, address, oldAddress));
        assertEquals("Str. Morii 10, Iași", f.kit.fields().decrypt(BOB, address, written[0]),
                "the version made while the source worked is not retired");
    }

    @Test
    void aKeyVersionYoungerThanTheSubjectsNewestTag_isKept_itMayProtectUntaggedData() {
        RetentionFixture f = withKeys();
        FieldContext address = f.kit.fieldContext("order", "delivery_address", DELIVERY);
        f.clock.set(bucharest("2024-05-02T10:00"));
        f.kit.fields().encrypt(BOB, address, "Str. Lalelelor 3, Cluj");
        RecordRef first = f.delivery.add("order-1");
        f.retention().tag(BOB, first, DELIVERY, f.clock.instant());
        // A new order encrypted under a new key version, not yet tagged.
        f.clock.set(bucharest("2026-02-27T10:00"));
        f.kit.keys().rotate(BOB, address.scope());
        String untagged = f.kit.fields().encrypt(BOB, address, "Str. Morii 10, Iași");
        f.retention().recordEvent(first, "warranty-end", LocalDate.of(2026, 2, 1));

        f.clock.set(bucharest("2026-03-01T02:00"));
        SweepReport report = f.retention().sweep(SweepOptions.defaults());
        assertEquals(1, report.count(DELIVERY, DisposalAction.DELETE), "deleted, the key kept");
        assertEquals(0, report.keysShredded());
        assertEquals("Str. Morii 10, Iași", f.kit.fields().decrypt(BOB, address, untagged));
    }

    // "Toate documentele care conțin date cu caracter personal se înregistrează și urmează regulile de păstrare,
    // procesare, multiplicare, transport, transmitere, distrugere și arhivare" — a key goes only when nothing kept needs it
    @Test
    void cryptoShred_keepsTheKey_forAnotherCategoryOfTheScope_aPendingTag_andSubjectOrCategoryHolds() {
        RetentionFixture f = new RetentionFixture(bucharest("2026-03-01T12:00"));
        SubjectId identity = SubjectId.of("acct-id");
        SubjectId pending = SubjectId.of("acct-pending");
        SubjectId subjectHeld = SubjectId.of("acct-held");
        SubjectId categoryHeld = SubjectId.of("acct-cat");
        SubjectId alone = SubjectId.of("acct-alone");
        // An old invoice, and an ID-card row of the same fiscal scope kept longer.
        f.retention().tag(identity, f.billing.add("F-id"), FINANCIAL, bucharest("2014-03-15T12:00"));
        f.retention().tag(identity, f.billing.add("ID-id"), IDENTITY, bucharest("2025-03-15T12:00"));
        // A due call record, and an IP record of the same traffic scope still waiting for the contract's end.
        RecordRef dueCall = f.cdr.add("c-pending");
        f.retention().tag(pending, dueCall, TRAFFIC, bucharest("2020-01-01T10:00"));
        f.retention().recordEvent(dueCall, "contract-end", LocalDate.of(2021, 6, 30));
        f.retention().tag(pending, f.cdr.add("ip-pending"), NETWORK, bucharest("2026-02-01T10:00"));
        // Two old invoices each: a subject hold on one subject, a category hold on IDENTITY for the other.
        f.retention().tag(subjectHeld, f.billing.add("F-held-1"), FINANCIAL, bucharest("2014-03-15T12:00"));
        f.retention().tag(categoryHeld, f.billing.add("F-cat-1"), FINANCIAL, bucharest("2014-03-15T12:00"));
        f.retention().tag(categoryHeld, f.billing.add("ID-cat-1"), IDENTITY, bucharest("2014-03-15T12:00"));
        f.retention().tag(alone, f.billing.add("F-alone"), FINANCIAL, bucharest("2014-03-15T12:00"));
        f.retention().hold(HoldScope.subject(subjectHeld), "investigation", "case-1");
        f.retention().hold(HoldScope.category(IDENTITY), "tax audit", "case-2");
        for (SubjectId s : List.of(identity, subjectHeld, categoryHeld, alone)) {
            f.keyFor(s, "fiscal");
        }
        f.keyFor(pending, "traffic");

        f.clock.set(bucharest("2026-03-02T02:00"));
        SweepReport report = f.retention().sweep(SweepOptions.defaults());

        assertTrue(f.keyDestroyed(alone, "fiscal"), "the one subject with nothing kept");
        assertFalse(f.keyDestroyed(identity, "fiscal"), "its ID-card row, same scope, is kept to 2036");
        assertFalse(f.keyDestroyed(pending, "traffic"), "its IP record waits for the contract's end");
        assertFalse(f.keyDestroyed(categoryHeld, "fiscal"), "its IDENTITY row is under a category hold");
        assertEquals(1, report.keysShredded());
        assertEquals(2, report.count(FINANCIAL, DisposalAction.DELETE), "identity's and categoryHeld's invoices");
        assertEquals(1, report.count(TRAFFIC, DisposalAction.DELETE));
        assertEquals(List.of(), report.failures());
    }

    // --- 2. a hold or a re-tag after the claim ------------------------------------------------------

    @Test
    void aHoldOrAReTag_arrivingAfterTheBatchWasClaimed_stopsThoseRecordsDisposal() {
        RetentionFixture[] g = new RetentionFixture[1];
        RecordRef[] refs = new RecordRef[3];
        SweepTest.CountingSource archive = new SweepTest.CountingSource("archive", VOICEMAIL, FINANCIAL);
        archive.hook = null;
        SweepTest.CountingSource placing = new SweepTest.CountingSource("calls", VOICEMAIL) {
            @Override
            public void dispose(RecordRef record, DisposalAction action) {
                super.dispose(record, action);
                // While the first record of the batch is disposed of: a hold on the second, a re-tag of the third.
                g[0].retention().hold(HoldScope.record(refs[1]), "investigation", "case-9");
                g[0].retention().tag(SubjectId.of("acct-2"), refs[2], FINANCIAL, g[0].clock.instant());
            }
        };
        g[0] = new RetentionFixture(Policy.clickPhoneDefault(), bucharest("2026-03-01T12:00"), UnaryOperator.identity(),
                List.of(archive, placing));
        RetentionFixture f = g[0];
        refs[0] = RecordRef.of("calls", "vm-0");
        refs[1] = RecordRef.of("archive", "vm-1");
        refs[2] = RecordRef.of("archive", "vm-2");
        for (int i = 0; i < 3; i++) {
            SubjectId s = SubjectId.of("acct-" + i);
            f.retention().tag(s, refs[i], VOICEMAIL, bucharest("2025-01-01T10:00"));
            // vm-0 ends first, so it is disposed of first in the batch.
            f.retention().recordEvent(s, "contract-end", LocalDate.of(2025, 12, 31).plusDays(i));
        }

        SweepReport report = f.retention().sweep(SweepOptions.defaults().withAction(VOICEMAIL, DisposalAction.DELETE));

        assertEquals(1, report.total());
        assertEquals(0, archive.calls(refs[1]), "held after the claim: never given to its source");
        assertEquals(0, archive.calls(refs[2]), "re-tagged after the claim: never given to its source");
        assertEquals(List.of("HELD", "TAG_CHANGED"), report.failures().stream().map(SweepFailure::reason).toList());
        assertFalse(f.retention().tagOf(refs[1]).orElseThrow().isDisposed());
        assertFalse(f.retention().tagOf(refs[2]).orElseThrow().isDisposed());
    }

    // "Dacă intervin eventuale investigații, aceste termene se prelungesc și fișierele se vor păstra atât timp cât
    // se va considera necesar" — a hold placed while the source disposes of the record stops the key's
    // retirement (checked again before it) and the mark (the store's conditional mark), whatever the action
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.EnumSource(value = DisposalAction.class, names = {"CRYPTO_SHRED", "DELETE"})
    void aHoldPlacedWhileTheSourceDisposes_stopsTheShredAndTheMark(DisposalAction action) {
        RetentionFixture[] g = new RetentionFixture[1];
        SweepTest.CountingSource holding = new SweepTest.CountingSource("archive", VOICEMAIL) {
            @Override
            public void dispose(RecordRef record, DisposalAction a) {
                super.dispose(record, a);
                g[0].retention().hold(HoldScope.subject(ANA), "investigation", "case-11");
            }
        };
        g[0] = new RetentionFixture(Policy.clickPhoneDefault(), bucharest("2026-03-01T12:00"), UnaryOperator.identity(),
                List.of(holding));
        RetentionFixture f = g[0];
        RecordRef vm = RecordRef.of("archive", "vm-1");
        f.retention().tag(ANA, vm, VOICEMAIL, bucharest("2025-01-01T10:00"));
        f.retention().recordEvent(ANA, "contract-end", LocalDate.of(2025, 12, 31));
        f.keyFor(ANA, "media");

        SweepReport report = f.retention().sweep(SweepOptions.defaults().withAction(VOICEMAIL, action));

        assertEquals(0, report.total());
        assertEquals(List.of("HELD"), report.failures().stream().map(SweepFailure::reason).toList());
        assertFalse(f.keyDestroyed(ANA, "media"), "no key retired under a hold");
        assertTrue(f.audited("retention.shred").isEmpty());
        assertFalse(f.retention().tagOf(vm).orElseThrow().isDisposed(), "the record stays tagged, and held");
    }

    // --- 5. a slow source outlasting its lease ------------------------------------------------------

    @Test
    void aSourceSlowerThanTheLease_noShredAndNoMark_theRecordIsLeftToTheNextSweeper() {
        RetentionFixture[] g = new RetentionFixture[1];
        SweepTest.CountingSource slow = new SweepTest.CountingSource("archive", VOICEMAIL) {
            @Override
            public void dispose(RecordRef record, DisposalAction action) {
                super.dispose(record, action);
                g[0].clock.set(g[0].clock.instant().plus(Duration.ofMinutes(6)));
            }
        };
        g[0] = new RetentionFixture(Policy.clickPhoneDefault(), bucharest("2026-03-01T12:00"), UnaryOperator.identity(),
                List.of(slow));
        RetentionFixture f = g[0];
        RecordRef vm = RecordRef.of("archive", "vm-1");
        f.retention().tag(ANA, vm, VOICEMAIL, bucharest("2025-01-01T10:00"));
        f.retention().recordEvent(ANA, "contract-end", LocalDate.of(2025, 12, 31));
        f.keyFor(ANA, "media");

        SweepReport report = f.retention().sweep(SweepOptions.defaults());

        assertEquals(0, report.total());
        assertEquals("LEASE_EXPIRED", report.failures().get(0).reason());
        assertFalse(f.keyDestroyed(ANA, "media"), "no shred after the lease ran out");
        assertEquals(0, report.keysShredded());
        assertFalse(f.retention().tagOf(vm).orElseThrow().isDisposed());
        assertTrue(f.audited("retention.shred").isEmpty());
    }

    // The lease runs out while the source disposes of the first of three records of one batch: the
    // source gets no other record, the sweep claims nothing more, and the next sweep finishes them.
    @Test
    void aSourceSlowerThanTheLease_onTheFirstOfABatch_leavesTheRestToTheNextSweep() {
        RetentionStore store = Mockito.spy(new InMemoryRetentionStore());
        RetentionFixture[] g = new RetentionFixture[1];
        java.util.concurrent.atomic.AtomicBoolean slowOnce = new java.util.concurrent.atomic.AtomicBoolean(true);
        SweepTest.CountingSource slow = new SweepTest.CountingSource("archive", VOICEMAIL) {
            @Override
            public void dispose(RecordRef record, DisposalAction action) {
                super.dispose(record, action);
                if (slowOnce.compareAndSet(true, false)) {
                    g[0].clock.set(g[0].clock.instant().plus(Duration.ofMinutes(6)));
                }
            }
        };
        g[0] = new RetentionFixture(Policy.clickPhoneDefault(), bucharest("2026-03-01T12:00"),
                s -> s.withRetention(store), List.of(slow));
        RetentionFixture f = g[0];
        List<RecordRef> records = new java.util.ArrayList<>();
        for (int i = 0; i < 3; i++) {
            SubjectId s = SubjectId.of("acct-" + i);
            RecordRef vm = RecordRef.of("archive", "vm-" + i);
            f.retention().tag(s, vm, VOICEMAIL, bucharest("2025-01-01T10:00"));
            f.retention().recordEvent(s, "contract-end", LocalDate.of(2025, 12, 29).plusDays(i));
            records.add(vm);
        }
        Mockito.clearInvocations(store);

        SweepReport first = f.retention().sweep(SweepOptions.defaults().withAction(VOICEMAIL, DisposalAction.DELETE));

        assertEquals(0, first.total());
        assertEquals(List.of("LEASE_EXPIRED", "LEASE_EXPIRED", "LEASE_EXPIRED"),
                first.failures().stream().map(SweepFailure::reason).toList());
        assertEquals(List.of(1, 0, 0), records.stream().map(slow::calls).toList(), "the source saw only the first");
        Mockito.verify(store, Mockito.times(1)).claimDue(Mockito.any(), Mockito.any(), Mockito.anyInt());
        assertTrue(records.stream().noneMatch(r -> f.retention().tagOf(r).orElseThrow().isDisposed()));

        SweepReport next = f.retention().sweep(SweepOptions.defaults().withAction(VOICEMAIL, DisposalAction.DELETE));

        assertEquals(3, next.total());
        assertEquals(List.of(2, 1, 1), records.stream().map(slow::calls).toList(), "the first again (idempotent)");
        assertTrue(records.stream().allMatch(r -> f.retention().tagOf(r).orElseThrow().isDisposed()));
    }

    // --- erasure before retention's end ---------------------------------------------------------------

    // "Toate documentele care conțin date cu caracter personal se înregistrează și urmează regulile de păstrare,
    // procesare, multiplicare, transport, transmitere, distrugere și arhivare" — a subject erased (its key
    // destroyed for good) before its record fell due: the record is crypto-shredded by that, and marked
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(booleans = {false, true})
    void aDueRecordOfAnErasedSubject_isMarkedCryptoShredded_withoutARetirement_andNotTriedAgain(
            boolean erasedWhileTheSourceDisposes) {
        RetentionFixture[] g = new RetentionFixture[1];
        SweepTest.CountingSource shop = new SweepTest.CountingSource("shop", DELIVERY) {
            @Override
            public void dispose(RecordRef record, DisposalAction action) {
                super.dispose(record, action);
                if (erasedWhileTheSourceDisposes) {
                    g[0].kit.keys().shred(BOB, g[0].kit.fieldContext("order", "delivery_address", DELIVERY).scope());
                }
            }
        };
        g[0] = withKeys(List.of(shop));
        RetentionFixture f = g[0];
        FieldContext address = f.kit.fieldContext("order", "delivery_address", DELIVERY);
        f.clock.set(bucharest("2024-05-02T10:00"));
        f.kit.fields().encrypt(BOB, address, "Str. Lalelelor 3, Cluj");
        RecordRef order = RecordRef.of("shop", "order-1");
        f.retention().tag(BOB, order, DELIVERY, f.clock.instant());
        f.clock.set(bucharest("2026-03-01T02:00"));
        f.retention().recordEvent(order, "warranty-end", LocalDate.of(2026, 2, 1));
        if (!erasedWhileTheSourceDisposes) {
            f.kit.keys().shred(BOB, address.scope());
        }

        SweepReport report = f.retention().sweep(SweepOptions.defaults());

        assertEquals(List.of(), report.failures());
        assertEquals(1, report.count(DELIVERY, DisposalAction.CRYPTO_SHRED));
        assertEquals(0, report.keysShredded(), "erasure destroyed it; retention retires nothing");
        assertTrue(f.audited("retention.shred").isEmpty(), "no retention shred to audit");
        assertTrue(f.retention().tagOf(order).orElseThrow().isDisposed());
        assertTrue(f.stores.retention().find(order).isEmpty(), "the record id and subject are gone from the store");

        f.clock.set(bucharest("2026-03-02T02:00"));
        SweepReport next = f.retention().sweep(SweepOptions.defaults());
        assertEquals(0, next.total());
        assertEquals(0, next.failed());
        assertEquals(1, shop.calls(order));
    }

    // --- a late hold on a subject's other record keeps the key ----------------------------------------

    /** Where the hold placed while the source disposes of the subject's invoice lies. */
    enum LateHold { SUBJECT, OTHER_RECORD, CATEGORY_OF_THE_OTHER_RECORD }

    // "Dacă intervin eventuale investigații, aceste termene se prelungesc și fișierele se vor păstra atât timp cât
    // se va considera necesar" — a hold placed while the sweep disposes of one of the subject's records keeps the
    // key its held records need (the answer "key not needed" is made again before the retirement)
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.EnumSource(LateHold.class)
    void aHoldOnTheSubjectsOtherRecord_placedWhileTheSourceDisposes_keepsTheKey_andTheHeldRecordReadable(
            LateHold where) {
        RetentionFixture[] g = new RetentionFixture[1];
        RecordRef invoice = RecordRef.of("ledger", "F-1");
        RecordRef idCard = RecordRef.of("ledger", "ID-1");
        SweepTest.CountingSource ledger = new SweepTest.CountingSource("ledger", FINANCIAL, IDENTITY) {
            @Override
            public void dispose(RecordRef record, DisposalAction action) {
                super.dispose(record, action);
                if (record.equals(invoice)) {
                    g[0].retention().hold(switch (where) {
                        case SUBJECT -> HoldScope.subject(BOB);
                        case OTHER_RECORD -> HoldScope.record(idCard);
                        case CATEGORY_OF_THE_OTHER_RECORD -> HoldScope.category(IDENTITY);
                    }, "investigation", "case-21");
                }
            }
        };
        g[0] = withKeys(List.of(ledger));
        RetentionFixture f = g[0];
        FieldContext name = f.kit.fieldContext("customer", "last_name", IDENTITY);
        String held = f.kit.fields().encrypt(BOB, name, "Popescu");
        // Both of the fiscal scope, both due on 1 January 2025; the invoice comes first in the batch.
        f.retention().tag(BOB, invoice, FINANCIAL, bucharest("2014-03-15T12:00"));
        f.retention().tag(BOB, idCard, IDENTITY, bucharest("2014-03-15T12:00"));
        f.clock.set(bucharest("2026-03-02T02:00"));

        SweepReport report = f.retention().sweep(SweepOptions.defaults());

        assertEquals(1, ledger.calls(invoice));
        assertEquals(0, ledger.calls(idCard), "held: never given to its source");
        assertEquals(0, report.keysShredded());
        assertTrue(f.audited("retention.shred").isEmpty());
        assertEquals("Popescu", f.kit.fields().decrypt(BOB, name, held), "the held record is still readable");
        assertFalse(f.retention().tagOf(idCard).orElseThrow().isDisposed());
        if (where != LateHold.SUBJECT) {
            // The invoice itself is not held: deleted by its source, the key kept.
            assertEquals(1, report.count(FINANCIAL, DisposalAction.DELETE));
            assertEquals(DisposalAction.DELETE, f.retention().tagOf(invoice).orElseThrow().disposal().orElseThrow());
        }
    }

    // "Dacă intervin eventuale investigații, aceste termene se prelungesc și fișierele se vor păstra atât timp cât
    // se va considera necesar" — a hold is placed (and audited) whatever random id it draws: a dashed UUID whose
    // last group is all digits has the shape of a phone number, which the audit trail refuses (the hold then failed
    // about once in a thousand, and the sweep test above with it)
    @Test
    void aHoldId_neverHasTheShapeOfPersonalData_soTheHoldIsAlwaysAudited() {
        RetentionFixture f = withKeys();
        // A UUID whose last group is all decimal digits: dashed, "h-...-8abc-901234567890" ends in a phone number.
        java.util.UUID allDigits = java.util.UUID.fromString("1234abcd-9012-4abc-8abc-901234567890");
        assertThrows(InvalidInputException.class, () -> f.kit.audit().record(holdEvent("h-" + allDigits)),
                "the dashed form is refused by the trail");
        String id = RetentionSchedule.holdId(allDigits);
        assertEquals("h-1234abcd90124abc8abc901234567890", id);
        f.kit.audit().record(holdEvent(id));
        f.retention().tag(BOB, RecordRef.of("billing", "F-9"), FINANCIAL, bucharest("2026-03-01T12:00"));
        for (int i = 0; i < 200; i++) {
            f.retention().hold(HoldScope.subject(BOB), "investigation", "case-" + i);
        }
        assertEquals(1 + 200, f.audited("retention.hold").size(), "the id recorded above, and each hold placed");
    }

    private static ro.clickphone.privacy.core.audit.AuditEvent holdEvent(String holdId) {
        return ro.clickphone.privacy.core.audit.AuditEvent.of(Actor.system("retention", java.util.Set.of()),
                "retention.hold", ro.clickphone.privacy.spi.audit.AuditOutcome.SUCCESS).withDetail("hold", holdId);
    }

    // --- 3. consent withdrawals are reconciled by the sweep, durably --------------------------------

    // "Retragera consimțământului va avea efecte doar pentru viitor" — what was kept on consent goes once it is withdrawn
    @Test
    void aFailedWithdrawalHook_isCaughtByTheNextSweep_ofAnotherKitOnTheSameStores() {
        RetentionStore store = Mockito.spy(new InMemoryRetentionStore());
        // Settings that survive a restart: the audit pseudonym key and the consent seal key.
        RetentionFixture f = new RetentionFixture(Policy.clickPhoneDefault(), bucharest("2026-03-01T12:00"),
                s -> s.withRetention(store), List.of(), b -> b
                        .audit(AuditSettings.of(HmacSha256Signer.create(SecretBytes.copyOf(new byte[32]), "audit"),
                                SecretBytes.copyOf(new byte[32])))
                        .consent(ConsentSettings.defaults().withSealKey(SecretBytes.copyOf(new byte[32]))));
        RecordRef cookie = f.web.add("ga-1");
        f.retention().tag(ANA, cookie, ANALYTICS_COOKIES, f.clock.instant());
        RecordRef bobs = f.web.add("ga-2");
        f.retention().tag(BOB, bobs, ANALYTICS_COOKIES, f.clock.instant());
        ConsentProof proof = ConsentProof.of(Actor.subject(ANA), ConsentChannel.WEB_ACCOUNT);
        f.kit.consent().grant(ANA, Purpose.of("ANALYTICS"), proof);
        f.kit.consent().grant(BOB, Purpose.of("ANALYTICS"), ConsentProof.of(Actor.subject(BOB),
                ConsentChannel.WEB_ACCOUNT));
        Mockito.doThrow(new StoreException("retention store down", true, null)).when(store).findBySubject(ANA);
        f.clock.set(bucharest("2026-03-05T23:10"));
        f.kit.consent().withdraw(ANA, Purpose.of("ANALYTICS"), proof);
        Mockito.reset(store);
        assertTrue(f.retention().tagOf(cookie).orElseThrow().isPending());

        // A restart: a new kit on the same stores, nothing in memory from the first.
        PrivacyKit restarted = f.restarted();
        f.clock.set(bucharest("2026-03-06T03:00"));
        SweepReport report = restarted.retention().sweep(SweepOptions.defaults());

        assertEquals(1, report.count(ANALYTICS_COOKIES, DisposalAction.DELETE));
        assertFalse(f.web.holds(cookie));
        assertEquals(LocalDate.of(2026, 3, 5), restarted.retention().tagOf(cookie).orElseThrow().dueOn().orElseThrow(),
                "due from the day the withdrawal took effect");
        assertTrue(restarted.retention().tagOf(bobs).orElseThrow().isPending(), "Bob's consent stands");
        assertEquals("1", f.audited("retention.sweep").get(0).details().get("consentResolved"));
    }

    // --- 9. rules a legal hold does not extend --------------------------------------------------------

    // "Dacă intervin eventuale investigații, aceste termene se prelungesc" — for the rules the policy
    // extends; consent-based cookies (extendedByLegalHold false) go on withdrawal whatever the holds
    @Test
    void aSubjectHold_doesNotKeepAnalyticsCookies_afterTheWithdrawal_andARecordHoldOnThemIsRefused() {
        RetentionFixture f = new RetentionFixture(bucharest("2026-03-01T12:00"));
        RecordRef cookie = f.web.add("ga-1");
        f.retention().tag(ANA, cookie, ANALYTICS_COOKIES, f.clock.instant());
        RecordRef call = f.cdr.add("c-1");
        f.retention().tag(ANA, call, TRAFFIC, f.clock.instant());
        ConsentProof proof = ConsentProof.of(Actor.subject(ANA), ConsentChannel.WEB_ACCOUNT);
        f.kit.consent().grant(ANA, Purpose.of("ANALYTICS"), proof);
        f.retention().hold(HoldScope.subject(ANA), "investigation", "case-1");
        RetentionException e = assertThrows(RetentionException.class,
                () -> f.retention().hold(HoldScope.record(cookie), "investigation", "case-2"));
        assertEquals(RetentionException.Rule.HOLD_NOT_EXTENDING_RULE, e.brokenRule());
        f.clock.set(bucharest("2026-03-05T10:00"));
        f.kit.consent().withdraw(ANA, Purpose.of("ANALYTICS"), proof);

        SweepReport report = f.retention().sweep(SweepOptions.defaults());

        assertEquals(1, report.count(ANALYTICS_COOKIES, DisposalAction.DELETE));
        assertFalse(f.web.holds(cookie));
        assertTrue(f.cdr.holds(call));
    }

    // --- 7. the sweep is audited when it fails --------------------------------------------------------

    @Test
    void aFailingClaim_leavesAFailedSweepEntry_andFailuresAreAuditedByKeyedReference() {
        RetentionStore store = Mockito.spy(new InMemoryRetentionStore());
        SweepTest.CountingSource failing = new SweepTest.CountingSource("fax", DataCategory.of("FAX"));
        RetentionFixture f = new RetentionFixture(bucharest("2026-03-01T12:00"), s -> s.withRetention(store),
                List.of(failing));
        RecordRef fax = RecordRef.of("fax", "fax-0740123456");
        f.retention().tag(ANA, fax, DataCategory.of("FAX"), bucharest("2025-01-01T10:00"));
        f.retention().recordEvent(ANA, "contract-end", LocalDate.of(2025, 12, 31));
        failing.failing = true;
        f.retention().sweep(SweepOptions.defaults());
        AuditRecord first = f.audited("retention.sweep").get(0);
        assertEquals("fax/" + f.kit.audit().valueRef("fax-0740123456") + ":StoreException",
                first.details().get("failures"));
        assertTrue(first.details().values().stream().noneMatch(v -> v.contains("0740123456")));

        Mockito.doThrow(new StoreException("retention store down", true, null)).when(store)
                .claimDue(Mockito.any(), Mockito.any(), Mockito.anyInt());
        f.clock.set(f.clock.instant().plus(Duration.ofMinutes(10)));
        assertThrows(StoreException.class, () -> f.retention().sweep(SweepOptions.defaults()));
        List<AuditRecord> sweeps = f.audited("retention.sweep");
        assertEquals(2, sweeps.size(), "the failed sweep is audited too");
        assertEquals("FAILED", sweeps.get(1).outcome().name());
        assertEquals("StoreException", sweeps.get(1).details().get("error"));
    }

    // --- 15. a release before the placement, by this kit's clock --------------------------------------

    @Test
    void aReleaseBeforeThePlacementByThisClock_isNotCalledReleasedAlready() {
        RetentionFixture f = new RetentionFixture(bucharest("2026-03-01T12:00"));
        f.retention().tag(ANA, f.cdr.add("c-1"), TRAFFIC, f.clock.instant());
        String id = f.retention().hold(HoldScope.subject(ANA), "investigation", "case-1").id();
        f.clock.set(bucharest("2026-03-01T11:00"));
        RetentionException e = assertThrows(RetentionException.class, () -> f.retention().release(id));
        assertEquals(RetentionException.Rule.RELEASE_BEFORE_PLACEMENT, e.brokenRule());
        f.clock.set(bucharest("2026-03-01T13:00"));
        assertTrue(f.retention().release(id).releasedAt().isPresent());
    }
}
