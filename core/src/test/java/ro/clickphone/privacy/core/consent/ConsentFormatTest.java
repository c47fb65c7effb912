package ro.clickphone.privacy.core.consent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import ro.clickphone.privacy.spi.Actor;
import ro.clickphone.privacy.spi.Purpose;
import ro.clickphone.privacy.spi.Recipient;
import ro.clickphone.privacy.spi.SecretBytes;
import ro.clickphone.privacy.spi.SubjectId;
import ro.clickphone.privacy.spi.consent.ConsentChannel;
import ro.clickphone.privacy.spi.consent.ConsentEvent;
import ro.clickphone.privacy.spi.consent.ConsentEventType;
import ro.clickphone.privacy.spi.consent.ConsentEvidence;

/**
 * Golden vectors of the sealed consent event (docs/FORMAT.md, "Consent events"), computed apart
 * from this code from the document's description; a change here breaks every stored seal.
 */
class ConsentFormatTest {

    private static final String SUBJECT_REF = "s-" + "0123456789abcdef".repeat(2);

    private static ConsentEvent event(String seal) {
        return new ConsentEvent("ce-" + "0".repeat(32), 7, SubjectId.of(SUBJECT_REF), ConsentEventType.GRANT,
                Optional.of(Purpose.of("MARKETING")), Instant.parse("2026-03-16T08:00:00Z"),
                Instant.parse("2026-03-16T08:00:01.5Z"), "2026.1", ConsentChannel.PAPER,
                Actor.staff(Recipient.of("EMPLOYEES"), "emp-0815", Set.of("DPO")),
                new ConsentEvidence(Optional.empty(), Optional.empty(), Optional.of("newsletter-form"),
                        Optional.of("form-2026-0042")), seal);
    }

    @Test
    void sealAndEventHash_matchTheGoldenVector() {
        byte[] key = new byte[32];
        for (int i = 0; i < 32; i++) {
            key[i] = (byte) i;
        }
        ConsentSeal seal = new ConsentSeal(SecretBytes.copyOf(key));
        String canonical = HexFormat.of().formatHex(ConsentSeal.canonical(event(""), "-"));
        assertEquals("0000001b636c69636b70686f6e652d636f6e73656e742d6576656e742f76310000002363652d30303030303030303030"
                + "3030303030303030303030303030303030303030303000000022732d3031323334353637383961626364656630313233"
                + "343536373839616263646566000000054752414e54000000094d41524b4554494e4700000014323032362d30332d3136"
                + "5430383a30303a30305a00000018323032362d30332d31365430383a30303a30312e3530305a00000006323032362e31"
                + "00000005504150455200000005535441464600000008656d702d3038313500000009454d504c4f594545530000000344"
                + "504f00000000ffffffffffffffffffffffff0000000f6e6577736c65747465722d666f726d0000000e666f726d2d3230"
                + "32362d30303432ffffffff000000012d", canonical);
        String sealed = seal.seal(event(""), ConsentSeal.FIRST);
        assertEquals("cs1.-.hosu68Goo5MXz8A3SRkQi8TQFbvAxPAfoy2vfG0b0BE", sealed);
        ConsentEvent stored = event(sealed);
        assertTrue(seal.verifies(stored));
        assertEquals("sha256-s2Exfj4SF_VTOgpanrhiL4JufjXVE_JuT9lpoKRwJ_c", ConsentSeal.hash(stored));
    }

    @Test
    void explicitMarkedGrant_matchesItsGoldenVector() {
        // The same event marked as explicit consent (staff transcribing the subject's signed form, the
        // one way besides the subject's own that carries the marker): the canonical bytes above plus
        // one field, the ASCII "explicit-consent". Computed apart from this code (HMAC-SHA256 and
        // SHA-256 over the bytes FORMAT.md describes).
        byte[] key = new byte[32];
        for (int i = 0; i < 32; i++) {
            key[i] = (byte) i;
        }
        ConsentSeal seal = new ConsentSeal(SecretBytes.copyOf(key));
        ConsentEvent unsealed = explicit(event(""));
        String canonical = HexFormat.of().formatHex(ConsentSeal.canonical(unsealed, "-"));
        assertTrue(canonical.endsWith("000000012d" + "00000010" + "6578706c696369742d636f6e73656e74"), canonical);
        String sealed = seal.seal(unsealed, ConsentSeal.FIRST);
        assertEquals("cs1.-.sdPAHDaK8twcgS99kov_XHsENibDpsq55Es250pLuLQ", sealed);
        ConsentEvent stored = explicit(event(sealed));
        assertTrue(seal.verifies(stored));
        assertEquals("sha256-kUwUIsosLfyqdCLyX7tpaMPFC6wo2MazuZaewi6Mvo4", ConsentSeal.hash(stored));
    }

    private static ConsentEvent explicit(ConsentEvent e) {
        return new ConsentEvent(e.id(), e.sequence(), e.subject(), e.type(), e.purpose(), e.effectiveAt(),
                e.recordedAt(), e.policyVersion(), e.channel(), e.actor(), e.evidence().withExplicit(true), e.seal());
    }
}
