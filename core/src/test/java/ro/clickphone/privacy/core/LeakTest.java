package ro.clickphone.privacy.core;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doCallRealMethod;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.spy;


import ch.qos.logback.classic.spi.ILoggingEvent;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import ro.clickphone.privacy.core.access.AccessDecision;
import ro.clickphone.privacy.core.access.AccessPolicy;
import ro.clickphone.privacy.core.audit.AuditEvent;
import ro.clickphone.privacy.core.audit.AuditSettings;
import ro.clickphone.privacy.core.audit.AuditVerification;
import ro.clickphone.privacy.core.cdr.BulkOptions;
import ro.clickphone.privacy.core.cdr.BulkReport;
import ro.clickphone.privacy.core.cdr.CdrCsv;
import ro.clickphone.privacy.core.consent.ConsentProof;
import ro.clickphone.privacy.core.policy.Policy;
import ro.clickphone.privacy.crypto.KeySettings;
import ro.clickphone.privacy.crypto.cdr.CallDetailRecord;
import ro.clickphone.privacy.crypto.cdr.CdrProfile;
import ro.clickphone.privacy.crypto.cdr.CdrPseudonymizer;
import ro.clickphone.privacy.crypto.cdr.Direction;
import ro.clickphone.privacy.crypto.cdr.IpTechnique;
import ro.clickphone.privacy.crypto.cdr.NumberTechnique;
import ro.clickphone.privacy.crypto.kek.Pkcs12KeyEncryptionKeyProvider;
import ro.clickphone.privacy.crypto.pseudonym.EmailOptions;
import ro.clickphone.privacy.crypto.pseudonym.PhoneOptions;
import ro.clickphone.privacy.crypto.pseudonym.PhonePseudonymizer;
import ro.clickphone.privacy.crypto.pseudonym.PseudonymKeys;
import ro.clickphone.privacy.crypto.pseudonym.Pseudonyms;
import ro.clickphone.privacy.crypto.pseudonym.ReidentificationReason;
import ro.clickphone.privacy.crypto.sign.HmacSha256Signer;
import ro.clickphone.privacy.spi.Actor;
import ro.clickphone.privacy.spi.DataCategory;
import ro.clickphone.privacy.spi.Purpose;
import ro.clickphone.privacy.spi.Recipient;
import ro.clickphone.privacy.spi.SecretBytes;
import ro.clickphone.privacy.spi.StoreException;
import ro.clickphone.privacy.spi.SubjectId;
import ro.clickphone.privacy.spi.audit.AuditCheckpoint;
import ro.clickphone.privacy.spi.audit.AuditOutcome;
import ro.clickphone.privacy.spi.audit.AuditRecord;
import ro.clickphone.privacy.spi.consent.ConsentChannel;
import ro.clickphone.privacy.spi.consent.ConsentEvent;
import ro.clickphone.privacy.spi.memory.InMemoryAccountDirectory;
import ro.clickphone.privacy.spi.memory.InMemoryAuditLogStore;
import ro.clickphone.privacy.spi.memory.InMemoryStores;

/**
 * A scenario with real-looking names, phone numbers, e-mail addresses and IP addresses (access checks,
 * audit entries, consent events with evidence, receipts, refusals, a store failure): none of them may
 * appear in any audit entry or checkpoint, consent receipt, log line at any level, exception message
 * or {@code toString()}.
 */
class LeakTest {

    private static final List<String> PERSONAL = List.of("Ion Popescu", "ion.popescu@example.ro", "+40721234567",
            "0721234567", "721234567", "Maria Ionescu", "maria@clickphone.ro", "+40 744 555 666", "744555666",
            "192.168.10.77", "2a02:2f0e:5c00::1", "Str. Lalelelor 5");

    @RegisterExtension
    final CapturedLogs logs = new CapturedLogs();
    private final List<String> seen = new ArrayList<>();

    @Test
    void scenario_leaksNoPersonalData(@TempDir Path dir) {
        InMemoryAuditLogStore store = spy(new InMemoryAuditLogStore());
        InMemoryAccountDirectory accounts = new InMemoryAccountDirectory();
        List<SubjectId> subjects = List.of(SubjectId.of("Ion Popescu"), SubjectId.of("ion.popescu@example.ro"),
                SubjectId.of("+40721234567"), SubjectId.of("192.168.10.77"), SubjectId.of("2a02:2f0e:5c00::1"),
                SubjectId.of("Str. Lalelelor 5"));
        subjects.forEach(s -> accounts.assign(s, "pbx-1"));
        PrivacyKit kit = PrivacyKit.builder().stores(InMemoryStores.create())
                .policy(Policy.clickPhoneDefault())
                .clock(Clock.fixed(Instant.parse("2026-03-01T10:00:00Z"), ZoneOffset.UTC))
                .auditLogStore(store)
                .audit(AuditSettings.of(HmacSha256Signer.create(SecretBytes.copyOf(new byte[32]), "audit-test"),
                        SecretBytes.copyOf(new byte[32])).withCheckpointInterval(3))
                .accessPolicy(AccessPolicy.builder()
                        .grant("SUPPORT", Purpose.of("SERVICE_PROVISION"), Purpose.of("FRAUD_PREVENTION"))
                        .grantPseudonymization("SUPPORT", "fraud").grantReidentification("SUPPORT", "fraud").build())
                .accountDirectory(accounts)
                .pseudonymization(PseudonymKeys.of(1, SecretBytes.copyOf(new byte[32])))
                .keys(KeySettings.of(Pkcs12KeyEncryptionKeyProvider.create(dir.resolve("k.p12"), "pw".toCharArray(),
                        "k")))
                .build();
        seen.add(kit.toString());

        Actor admin = Actor.delegate(Recipient.of("PBX_ADMINISTRATOR"), SubjectId.of("maria@clickphone.ro"),
                Set.of("pbx-1"));
        Actor support = Actor.staff(Recipient.of("EMPLOYEES"), "emp-0815", Set.of("SUPPORT"));
        seen.add(admin.toString());
        for (SubjectId subject : subjects) {
            seen.add(subject.toString());
            for (Actor actor : List.of(Actor.subject(subject), admin, support,
                    Actor.subject(SubjectId.of("+40 744 555 666")))) {
                seen.add(actor.toString());
                AccessDecision decision = kit.access().check(actor, subject, DataCategory.of("TRAFFIC"),
                        Purpose.of("SERVICE_PROVISION"));
                seen.add(decision.toString());
            }
            AuditEvent event = AuditEvent.of(Actor.subject(subject), "profile.update", AuditOutcome.SUCCESS)
                    .withSubject(subject).withCategories(Set.of(DataCategory.of("CONTACT")));
            seen.add(event.toString());
            seen.add(kit.audit().record(event).toString());
        }

        // Bad input that carries personal data: the messages must not echo it.
        seen.add(assertThrows(RuntimeException.class, () -> kit.audit().record(AuditEvent.of(support, "note.add",
                AuditOutcome.SUCCESS).withDetail("text", "ion.popescu@example.ro"))).getMessage());
        seen.add(assertThrows(RuntimeException.class, () -> kit.audit().record(AuditEvent.of(support, "note.add",
                AuditOutcome.SUCCESS).withDetail("phone", "+40721234567"))).getMessage());
        seen.add(assertThrows(RuntimeException.class, () -> kit.audit().record(AuditEvent.of(support, "note.add",
                AuditOutcome.SUCCESS).withDetail("ip", "192.168.10.77"))).getMessage());
        seen.add(assertThrows(RuntimeException.class, () -> kit.audit().record(AuditEvent.of(support, "note.add",
                AuditOutcome.SUCCESS).withDetail("ip", "2a02:2f0e:5c00::1"))).getMessage());
        seen.add(assertThrows(RuntimeException.class, () -> kit.audit().record(AuditEvent.of(support, "note.add",
                AuditOutcome.SUCCESS).withDetail("name", "Ion Popescu"))).getMessage());
        seen.add(assertThrows(RuntimeException.class, () -> SubjectId.of("Ion Popescu\n+40721234567")).getMessage());
        seen.add(assertThrows(RuntimeException.class,
                () -> Actor.processor(Recipient.of("COURIER"), "ip-192.168.10.77")).getMessage());
        seen.add(assertThrows(RuntimeException.class,
                () -> Actor.staff(Recipient.of("EMPLOYEES"), "maria@clickphone.ro", Set.of())).getMessage());
        seen.add(assertThrows(RuntimeException.class,
                () -> Actor.system("0721234567", Set.of())).getMessage());

        // A store failure, and a checkpoint failure that is logged.
        doThrow(new StoreException("audit store: connection refused", true, null)).when(store).append(any());
        seen.add(assertThrows(StoreException.class, () -> kit.access().check(admin, subjects.get(2),
                DataCategory.of("TRAFFIC"), Purpose.of("SERVICE_PROVISION"))).getMessage());

        // The consent event is stored but its audit entry fails: the error is logged by event id only.
        seen.add(assertThrows(StoreException.class, () -> kit.consent().grant(subjects.get(1), Purpose.of("ANALYTICS"),
                ConsentProof.of(Actor.subject(subjects.get(1)), ConsentChannel.WEB_ACCOUNT))).getMessage());
        doCallRealMethod().when(store).append(any());

        // Consent: events with evidence, checks, receipts, refusals.
        for (SubjectId subject : subjects) {
            ConsentProof proof = ConsentProof.of(Actor.subject(subject), ConsentChannel.WEB_ACCOUNT)
                    .withIpAddress("192.168.10.77").withUserAgent("Mozilla/5.0").withFormId("newsletter");
            ConsentEvent grant = kit.consent().grant(subject, Purpose.of("MARKETING"), proof);
            seen.add(grant.toString());
            seen.add(grant.evidence().toString());
            seen.add(kit.consent().check(subject, Purpose.of("MARKETING")).toString());
            seen.add(kit.consent().receipt(grant.id()).json());
            seen.add(kit.consent().withdraw(subject, Purpose.of("MARKETING"), proof).toString());
            seen.add(assertThrows(RuntimeException.class, () -> kit.consent().grant(subject,
                    Purpose.of("SERVICE_PROVISION"), proof)).getMessage());
            seen.add(assertThrows(RuntimeException.class, () -> kit.consent().grant(subject, Purpose.of("MARKETING"),
                    ConsentProof.of(Actor.subject(SubjectId.of("+40 744 555 666")), ConsentChannel.PHONE)))
                    .getMessage());
        }
        seen.add(assertThrows(RuntimeException.class, () -> ConsentProof.of(admin, ConsentChannel.PHONE)
                .withIpAddress("ion.popescu@example.ro")).getMessage());

        // Pseudonymization: re-identification is audited; bad input and rejected CDR rows are not echoed.
        ReidentificationReason reason = ReidentificationReason.of(support, "FRAUD_INVESTIGATION");
        Pseudonyms run = kit.pseudonyms().as(support);
        PhonePseudonymizer phones = run.phone("fraud", PhoneOptions.defaults().withKeepLeadingDigits(3));
        for (String number : List.of("+40721234567", "0721234567", "+40 744 555 666")) {
            seen.add(phones.reidentify(phones.pseudonymize(number), reason).isEmpty() ? "" : "reidentified");
            seen.add(assertThrows(RuntimeException.class, () -> phones.reidentify(phones.pseudonymize(number),
                    ReidentificationReason.of(support, "CURIOSITY"))).getMessage());
            seen.add(assertThrows(RuntimeException.class, () -> phones.pseudonymize(number + "9")).getMessage());
            seen.add(assertThrows(RuntimeException.class, () -> phones.pseudonymize(number + " Ion Popescu")).getMessage());
        }
        for (String ip : List.of("192.168.10.77", "2a02:2f0e:5c00::1")) {
            seen.add(kit.pseudonyms().ip("fraud").reidentify(run.ip("fraud").pseudonymize(ip), reason)
                    .isEmpty() ? "" : "reidentified");
            seen.add(assertThrows(RuntimeException.class, () -> run.ip("fraud").pseudonymize(ip + "g"))
                    .getMessage());
        }
        seen.add(assertThrows(RuntimeException.class, () -> run.email("fraud",
                EmailOptions.defaults()).pseudonymize("Ion Popescu <ion.popescu@example.ro>")).getMessage());
        seen.add(kit.pseudonyms().toString());
        seen.add(phones.toString());
        CdrPseudonymizer cdrs = CdrPseudonymizer.create(run,
                CdrProfile.builder("fraud").numbers(NumberTechnique.ff1(3)).deviceIp(IpTechnique.cryptoPan()).build());
        CallDetailRecord call = CallDetailRecord.call("c-1", Direction.OUTBOUND, "+40721234567", "+40 744 555 666",
                Instant.parse("2026-03-01T10:00:00Z"), java.time.Duration.ofSeconds(61)).withDeviceIp("192.168.10.77");
        seen.add(call.toString());
        seen.add(cdrs.pseudonymize(call).toString());
        seen.add(assertThrows(RuntimeException.class, () -> cdrs.pseudonymize(call.withForwardedTo("+40 744 555 66")))
                .getMessage());
        java.io.StringWriter out = new java.io.StringWriter();
        BulkReport report = assertDoesNotThrow(() -> CdrCsv.pseudonymize(new java.io.StringReader(
                "record_id,type,direction,caller,callee,start,device_ip\r\n"
                        + "c-1,CALL,OUTBOUND,+40721234567,Ion Popescu,2026-03-01T10:00:00Z,192.168.10.77\r\n"
                        + "c-2,CALL,OUTBOUND,0721234567,+40 744 555 666,2026-03-01T10:00:00Z,2a02:2f0e:5c00::1x\r\n"),
                out, cdrs, BulkOptions.defaults()));
        assertEquals(2, report.rowsRejected());
        seen.add(report.toString());
        seen.add(assertThrows(RuntimeException.class, () -> CdrCsv.pseudonymize(new java.io.StringReader(
                "+40721234567,ion.popescu@example.ro\r\n"), new java.io.StringWriter(), cdrs, BulkOptions.defaults()))
                .getMessage());

        // A tampered store makes the verifier log a warning.
        AuditVerification intact = kit.audit().verify();
        assertTrue(intact.intact());

        for (AuditRecord r : store.read(1, 10_000)) {
            seen.add(r.actorRef());
            seen.add(r.action());
            r.purpose().ifPresent(seen::add);
            seen.addAll(r.categories());
            r.subjectRef().ifPresent(seen::add);
            seen.add(r.details().toString());
            seen.add(r.toString());
        }
        for (AuditCheckpoint c : store.readCheckpoints(1, 10_000)) {
            seen.add(c.toString());
        }
        for (ILoggingEvent e : logs.list) {
            seen.add(e.getFormattedMessage());
            if (e.getThrowableProxy() != null) {
                seen.add(e.getThrowableProxy().getMessage());
            }
        }

        assertTrue(store.read(1, 10_000).size() > 20, "the scenario audits");
        assertFalse(logs.list.isEmpty(), "the scenario logs something, so the log check checks something");
        for (String text : seen) {
            for (String personal : PERSONAL) {
                assertFalse(text != null && text.contains(personal), "leaked '" + personal + "' in: " + text);
            }
        }
        assertEquals(List.of(), seen.stream()
                // SHA-256 values (64 hex digits, the genesis hash all zeros) are not phone numbers.
                .filter(t -> t != null && t.replaceAll("(?<![0-9a-f])[0-9a-f]{64}(?![0-9a-f])", "#")
                        .matches("(?s).*(?<![0-9a-f])[0-9]{9,}(?![0-9a-f]).*")).toList(),
                "no long digit runs (phone numbers) anywhere");
    }
}
