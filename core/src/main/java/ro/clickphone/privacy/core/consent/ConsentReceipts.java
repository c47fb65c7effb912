package ro.clickphone.privacy.core.consent;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import ro.clickphone.privacy.core.policy.CategoryDefinition;
import ro.clickphone.privacy.core.policy.DataSubjectRight;
import ro.clickphone.privacy.core.policy.Policy;
import ro.clickphone.privacy.core.policy.PolicyArchive;
import ro.clickphone.privacy.core.policy.PurposeDefinition;
import ro.clickphone.privacy.core.policy.RightDefinition;
import ro.clickphone.privacy.spi.IntegrityException;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.consent.ConsentEvent;
import ro.clickphone.privacy.spi.consent.ConsentStore;
import ro.clickphone.privacy.crypto.sign.Ed25519Signer;
import ro.clickphone.privacy.spi.keys.Signer;

/**
 * Consent receipts (Kantara / ISO/IEC 27560 in spirit): the JSON rendering of a ledger event with
 * the policy it was given under, and its detached Ed25519 signature (format v2) over the domain
 * prefix {@code clickphone-consent-receipt/v2}, the key id, the algorithm and the JSON, so a receipt signature
 * can pass for nothing else (an audit checkpoint's, say) and its key and algorithm cannot be swapped.
 * The public keys are published with their validity windows. Receipts of format v1 (the audit
 * signer over the bare JSON) still verify with the audit signer. Kept apart from the ledger's
 * recording and checking.
 */
final class ConsentReceipts {

    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private final PolicyArchive archive;
    private final Clock clock;
    private final ConsentStore store;
    private final Ed25519Signer signer;
    /** The audit signer, which signed receipts of format v1. */
    private final Signer legacy;
    private final List<ReceiptKey> keys;
    private final ConsentLedger ledger;

    ConsentReceipts(PolicyArchive archive, Clock clock, ConsentStore store, Ed25519Signer signer, Instant signerFrom,
            List<ReceiptKey> retired, Signer legacy, ConsentLedger ledger) {
        this.archive = archive;
        this.clock = clock;
        this.store = store;
        this.signer = signer;
        this.legacy = legacy;
        List<ReceiptKey> all = new ArrayList<>();
        all.add(ReceiptKey.of(signer, signerFrom, Optional.empty()));
        all.addAll(retired);
        this.keys = List.copyOf(all);
        this.ledger = ledger;
    }

    List<ReceiptKey> keys() {
        return keys;
    }

    ConsentReceipt issue(String eventId) {
        if (eventId == null) {
            throw new InvalidInputException("eventId", "must not be null");
        }
        ConsentEvent event = store.find(eventId)
                .orElseThrow(() -> new InvalidInputException("eventId", "names no stored consent event"));
        if (!ledger.sealed(event)) {
            throw new IntegrityException("The stored consent event fails its seal: no receipt vouches for it");
        }
        Policy policy = archive.version(event.policyVersion())
                .orElseGet(() -> archive.inForceAt(event.effectiveAt()).orElseThrow());
        Instant now = clock.instant();
        ObjectNode root = JSON.createObjectNode();
        root.put("receiptVersion", ConsentReceipt.V2);
        root.put("receiptId", event.id());
        root.put("issuedAt", now.toString());
        ObjectNode controller = root.putObject("controller");
        controller.put("name", policy.controller().name());
        controller.put("address", policy.controller().address());
        controller.put("email", policy.controller().email());
        ObjectNode dpo = root.putObject("dpo");
        dpo.put("name", policy.dpo().name());
        policy.dpo().email().ifPresent(v -> dpo.put("email", v));
        ObjectNode notice = root.putObject("notice");
        notice.put("policyVersion", policy.version().label());
        notice.put("effectiveFrom", policy.version().effectiveFrom().toString());
        notice.put("language", policy.language());
        // The stored event names the subject by the audit trail's reference already.
        root.put("subject", event.subject().value());
        ObjectNode ev = root.putObject("event");
        ev.put("type", event.type().name());
        ev.put("sequence", event.sequence());
        ev.put("effectiveAt", event.effectiveAt().toString());
        ev.put("recordedAt", event.recordedAt().toString());
        ev.put("channel", event.channel().name());
        ev.put("actorKind", event.actor().kind().name());
        event.evidence().formId().ifPresent(v -> ev.put("formId", v));
        event.evidence().reference().ifPresent(v -> ev.put("reference", v));
        if (event.evidence().explicit()) {
            ev.put("explicitConsent", true);
        }
        if (event.purpose().isPresent() && policy.declares(event.purpose().get())) {
            PurposeDefinition p = policy.purpose(event.purpose().get());
            ObjectNode purpose = root.putObject("purpose");
            purpose.put("id", p.purpose().id());
            purpose.put("name", p.name());
            purpose.put("description", p.description());
            purpose.put("legalBasis", p.legalBasis().name());
            purpose.put("article", p.legalBasis().article());
            ArrayNode categories = purpose.putArray("categories");
            ArrayNode retention = purpose.putArray("retention");
            for (var category : p.categories()) {
                CategoryDefinition c = policy.category(category);
                categories.add(c.category().id());
                retention.addObject().put("category", c.category().id())
                        .put("summary", policy.retentionOf(category).summary());
            }
            ArrayNode recipients = purpose.putArray("recipients");
            p.recipients().forEach(r -> recipients.add(r.id()));
            ConsentDecision current = ledger.status(event.subject(), p.purpose(), now);
            root.put("status", current.reason().name());
        } else {
            root.put("status", event.type().name());
        }
        String withdraw = policy.rights().stream().filter(r -> r.right() == DataSubjectRight.WITHDRAW_CONSENT)
                .map(RightDefinition::howToExercise).findFirst().orElse(policy.dpo().email().orElse(""));
        root.put("howToWithdraw", withdraw);
        String json;
        try {
            json = JSON.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Could not render a consent receipt", e);
        }
        String signature = Base64.getEncoder().encodeToString(signer.sign(
                ConsentReceipt.signingInput(signer.keyId(), signer.algorithm(), json)));
        return new ConsentReceipt(json, signer.keyId(), signer.algorithm(), signature);
    }

    boolean verify(ConsentReceipt receipt) {
        if (receipt == null) {
            throw new InvalidInputException("receipt", "must not be null");
        }
        String version = ConsentReceipt.field(receipt.json(), "receiptVersion");
        if (ConsentReceipt.V1.equals(version)) {
            // A v1 receipt under an HMAC audit key proves nothing: whoever verifies HMAC checkpoints
            // holds that key and could sign any JSON. Only an asymmetric legacy signer still vouches.
            if (legacy.algorithm().startsWith("Hmac")
                    || !legacy.keyId().equals(receipt.keyId()) || !legacy.algorithm().equals(receipt.algorithm())) {
                return false;
            }
            try {
                return legacy.verify(receipt.json().getBytes(StandardCharsets.UTF_8),
                        Base64.getDecoder().decode(receipt.signature()));
            } catch (IllegalArgumentException e) {
                return false;
            }
        }
        for (ReceiptKey key : keys) {
            if (key.keyId().equals(receipt.keyId())) {
                return receipt.verifiedBy(key);
            }
        }
        return false;
    }
}
