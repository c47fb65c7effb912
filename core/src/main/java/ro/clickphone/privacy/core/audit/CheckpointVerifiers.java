package ro.clickphone.privacy.core.audit;

import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import ro.clickphone.privacy.spi.audit.AuditCheckpoint;
import ro.clickphone.privacy.spi.keys.Signer;

/**
 * The keys a trail trusts for checkpoints, by key id: the current signer at any time, and each
 * earlier key within the window in which it signed ({@link AuditSettings#withVerifier}).
 */
final class CheckpointVerifiers {

    private final Map<String, AuditSettings.VerifierWindow> byKeyId = new HashMap<>();

    CheckpointVerifiers(Signer current, Iterable<AuditSettings.VerifierWindow> earlier) {
        byKeyId.put(current.keyId(), new AuditSettings.VerifierWindow(current, Instant.MIN, Instant.MAX));
        for (AuditSettings.VerifierWindow w : earlier) {
            byKeyId.put(w.verifier().keyId(), w);
        }
    }

    /**
     * Whether a trusted key, valid when the checkpoint says it was signed, signed these bytes. A
     * verifier that throws counts as a failed verification, never as a pass.
     */
    boolean verifies(AuditCheckpoint checkpoint, byte[] signedBytes) {
        AuditSettings.VerifierWindow window = byKeyId.get(checkpoint.keyId());
        if (window == null || !window.verifier().algorithm().equals(checkpoint.algorithm())) {
            return false;
        }
        Instant at = checkpoint.createdAt();
        if (at.isBefore(window.validFrom()) || !at.isBefore(window.validUntil())) {
            return false;
        }
        try {
            return window.verifier().verify(signedBytes, Base64.getDecoder().decode(checkpoint.signature()));
        } catch (RuntimeException e) {
            return false;
        }
    }
}
