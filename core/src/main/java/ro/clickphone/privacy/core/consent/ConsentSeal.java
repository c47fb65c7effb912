package ro.clickphone.privacy.core.consent;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import ro.clickphone.privacy.spi.Actor;
import ro.clickphone.privacy.spi.SecretBytes;
import ro.clickphone.privacy.spi.consent.ConsentEvent;
import ro.clickphone.privacy.spi.consent.ConsentEvidence;

/**
 * The seal of a consent event's stored form: HMAC-SHA256 under the ledger's seal key over every
 * component but the store-assigned sequence, and a link to the seal of the subject's previous event
 * as the writer knew it. The seal reads {@code cs1.<link>.<mac>}: {@code <link>} is {@code -} for a
 * subject's first event, otherwise the first 16 characters of the previous event's MAC, and
 * {@code <mac>} is unpadded Base64url. A MAC alone catches an edited or inserted event; the link
 * catches an event deleted from the middle of a subject's ledger (every later event that links to
 * it is left hanging). Two writers racing on one subject may link to the same predecessor, which
 * verifies. An event marked as explicit consent ({@link ConsentEvidence#explicit()}) has one more
 * field after the link, so a store writer cannot set or clear the marker, and an event without it
 * has exactly the bytes of version {@code cs1} before the marker existed (its seals still verify).
 */
final class ConsentSeal {

    static final String FIRST = "-";
    private static final String VERSION = "cs1";
    private static final byte[] DOMAIN = "clickphone-consent-event/v1".getBytes(StandardCharsets.US_ASCII);
    private static final int LINK_LENGTH = 16;
    /** The field after the link of an event marked as explicit consent; absent otherwise. */
    private static final String EXPLICIT = "explicit-consent";
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    /** The domain of the MACs that make imported events' ids, apart from every seal's. */
    private static final byte[] IMPORT_DOMAIN = "clickphone-consent-import/v1".getBytes(StandardCharsets.US_ASCII);

    private final SecretKeySpec key;
    private final ThreadLocal<Mac> mac;

    ConsentSeal(SecretBytes sealKey) {
        byte[] bytes = sealKey.revealBytes();
        try {
            this.key = new SecretKeySpec(bytes, "HmacSHA256");
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
        this.mac = ThreadLocal.withInitial(this::newMac);
    }

    private Mac newMac() {
        try {
            Mac m = Mac.getInstance("HmacSHA256");
            m.init(key);
            return m;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    /** The seal of an event's stored form, linked to a predecessor's seal (or {@link #FIRST}). */
    String seal(ConsentEvent stored, String previousSeal) {
        String link = link(previousSeal);
        byte[] tag = mac.get().doFinal(canonical(stored, link));
        return VERSION + "." + link + "." + B64.encodeToString(tag);
    }

    /**
     * HMAC-SHA256 under the seal key over the import domain and the fields, each length-prefixed:
     * imported events' ids are made of it, so that only the ledger can make one and it reveals nothing
     * of what it is computed over.
     */
    byte[] importMac(String... fields) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        write(out, IMPORT_DOMAIN);
        for (String field : fields) {
            write(out, field);
        }
        return mac.get().doFinal(out.toByteArray());
    }

    /** Whether an event's seal is its own: the MAC over its components and the link it names. */
    boolean verifies(ConsentEvent stored) {
        String[] parts = parts(stored.seal());
        if (parts == null) {
            return false;
        }
        byte[] expected = B64.encodeToString(mac.get().doFinal(canonical(stored, parts[1])))
                .getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, parts[2].getBytes(StandardCharsets.US_ASCII));
    }

    /** The link an event's seal names ({@link #FIRST} for none), or null if the seal is malformed. */
    static String linkNamed(String seal) {
        String[] parts = parts(seal);
        return parts == null ? null : parts[1];
    }

    /** The link by which a successor names this seal. */
    static String link(String seal) {
        if (FIRST.equals(seal)) {
            return FIRST;
        }
        String[] parts = parts(seal);
        return parts == null ? FIRST : parts[2].substring(0, LINK_LENGTH);
    }

    private static String[] parts(String seal) {
        String[] parts = seal.split("\\.", -1);
        if (parts.length != 3 || !VERSION.equals(parts[0]) || parts[2].length() < LINK_LENGTH) {
            return null;
        }
        return parts;
    }

    /**
     * SHA-256 of the sealed content and the seal, unpadded Base64url: what the event's audit entry
     * carries, so that the audit trail's signed checkpoints vouch for the ledger too. Anyone with the
     * stored event can recompute it; no key is needed.
     */
    static String hash(ConsentEvent stored) {
        String[] parts = parts(stored.seal());
        String link = parts == null ? FIRST : parts[1];
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(canonical(stored, link));
            sha.update(stored.seal().getBytes(StandardCharsets.US_ASCII));
            return "sha256-" + B64.encodeToString(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    /**
     * Every component but the sequence and the seal, each length-prefixed, after a domain label; the
     * explicit-consent marker, when set, as one more field after the link.
     */
    static byte[] canonical(ConsentEvent e, String link) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        write(out, DOMAIN);
        write(out, e.id());
        write(out, e.subject().value());
        write(out, e.type().name());
        write(out, e.purpose().map(p -> p.id()));
        write(out, e.effectiveAt().toString());
        write(out, e.recordedAt().toString());
        write(out, e.policyVersion());
        write(out, e.channel().name());
        Actor a = e.actor();
        write(out, a.kind().name());
        write(out, a.id());
        write(out, a.recipient().map(r -> r.id()));
        write(out, String.join(",", a.roles()));
        write(out, String.join(",", a.accounts()));
        write(out, a.legalRequest());
        ConsentEvidence ev = e.evidence();
        write(out, ev.network());
        write(out, ev.userAgent());
        write(out, ev.formId());
        write(out, ev.reference());
        write(out, ev.encrypted());
        write(out, link);
        if (ev.explicit()) {
            write(out, EXPLICIT);
        }
        return out.toByteArray();
    }

    private static void write(ByteArrayOutputStream out, Optional<String> value) {
        if (value.isEmpty()) {
            out.write(0xff);
            out.write(0xff);
            out.write(0xff);
            out.write(0xff);
        } else {
            write(out, value.get());
        }
    }

    private static void write(ByteArrayOutputStream out, String value) {
        write(out, value.getBytes(StandardCharsets.UTF_8));
    }

    private static void write(ByteArrayOutputStream out, byte[] bytes) {
        out.write(bytes.length >>> 24);
        out.write(bytes.length >>> 16);
        out.write(bytes.length >>> 8);
        out.write(bytes.length);
        out.write(bytes, 0, bytes.length);
    }
}
