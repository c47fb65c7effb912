package ro.clickphone.privacy.examples.day;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Optional;
import ro.clickphone.privacy.core.PrivacyKit;
import ro.clickphone.privacy.core.audit.AuditVerification;
import ro.clickphone.privacy.core.audit.AuditVerifier;
import ro.clickphone.privacy.core.audit.ChainBreak;
import ro.clickphone.privacy.crypto.sign.Ed25519Signer;
import ro.clickphone.privacy.examples.support.Database;
import ro.clickphone.privacy.jpa.JpaStores;

/**
 * Step 7: the audit trail verifies (hash chain and signed checkpoints); then a copy of it in another database,
 * with one entry's time moved by a millisecond, fails verification at exactly that entry. The copy is verified
 * by core's {@link AuditVerifier} over the copy's audit log store and the audit signer's public key alone, as an
 * auditor (or {@code clickphone-privacy audit verify}) would: no kit, no secret key.
 */
final class AuditStep {

    private AuditStep() {
    }

    static AuditOutcome run(Day day, PrivacyKit later) throws SQLException {
        day.heading(7, "the audit trail verifies; a tampered copy does not");
        Outcomes check = new Outcomes();
        AuditVerification verification = later.audit().verify();
        check.expect(verification.intact(), "the day's audit trail does not verify");
        check.expect(verification.checkpointsChecked() > 0, "no signed checkpoint was checked");
        day.say(verification.entriesChecked() + " entries and " + verification.checkpointsChecked()
                + " signed checkpoints checked: " + (verification.intact() ? "intact" : "BROKEN"));

        long tampered = Math.max(1, verification.entriesChecked() / 2);
        Database copy = day.databases.copyAuditTrail(day.main);
        try (Connection c = copy.connection(); Statement s = c.createStatement()) {
            int edited = s.executeUpdate("UPDATE cpp_audit_record SET recorded_at = recorded_at + 1000000 WHERE seq = "
                    + tampered);
            check.expect(edited == 1, "the entry to tamper with was not in the copy");
        }
        // The auditor holds the copy's audit store and the signer's public key, nothing else: no kit, no secret.
        AuditVerification forged = AuditVerifier.of(JpaStores.create(copy.newEmf(Map.of())).auditLog(),
                Ed25519Signer.verifier(day.keys.auditSigner.publicKey(), DayKeys.AUDIT_KEY_ID))
                .withCheckpointInterval(Day.CHECKPOINT_INTERVAL).verify();
        Optional<ChainBreak> found = forged.firstBreak();
        check.expect(!forged.intact(), "the tampered copy verified");
        check.expect(found.map(ChainBreak::sequence).equals(Optional.of(tampered)),
                "the break was not reported at the edited entry");
        day.say("copy with entry " + tampered + "'s time moved by 1 ms: " + found.map(b -> b.kind()
                + " at entry " + b.sequence()).orElse("no break found"));
        return day.verdict(new AuditOutcome(verification.entriesChecked(), verification.checkpointsChecked(),
                verification.intact(), tampered, found.map(ChainBreak::kind), found.map(ChainBreak::sequence),
                check.problems()));
    }
}
