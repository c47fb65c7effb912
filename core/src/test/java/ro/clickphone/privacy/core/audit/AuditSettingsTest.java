package ro.clickphone.privacy.core.audit;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import ro.clickphone.privacy.core.PrivacyKit;
import ro.clickphone.privacy.core.policy.Policy;
import ro.clickphone.privacy.crypto.sign.HmacSha256Signer;
import ro.clickphone.privacy.spi.SecretBytes;
import ro.clickphone.privacy.spi.memory.InMemoryStores;

/** The audit keys are never printed: not by the settings, the trail or the kit that holds them. */
class AuditSettingsTest {

    @Test
    void toStrings_ofSettingsTrailAndKit_printNoKeyMaterial() {
        byte[] signing = new byte[32];
        byte[] pseudonym = new byte[32];
        for (int i = 0; i < 32; i++) {
            signing[i] = (byte) (7 * i + 3);
            pseudonym[i] = (byte) (11 * i + 5);
        }
        AuditSettings settings = AuditSettings.of(HmacSha256Signer.create(SecretBytes.copyOf(signing), "audit-k1"),
                SecretBytes.copyOf(pseudonym));
        PrivacyKit kit = PrivacyKit.builder().policy(Policy.clickPhoneDefault()).stores(InMemoryStores.create())
                .audit(settings).build();
        List<String> texts = List.of(settings.toString(), kit.audit().toString(), kit.toString(),
                AuditSettings.ephemeral().toString());
        assertTrue(settings.toString().contains("audit-k1"), settings.toString());
        for (byte[] key : List.of(signing, pseudonym)) {
            for (String secret : List.of(HexFormat.of().formatHex(key), Base64.getEncoder().encodeToString(key),
                    HexFormat.of().formatHex(key, 0, 8))) {
                for (String text : texts) {
                    assertFalse(text.contains(secret), "leaked in: " + text);
                }
            }
        }
    }
}
