package ro.clickphone.privacy.crypto.sign;

import java.security.SecureRandom;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import ro.clickphone.privacy.spi.SecretBytes;
import ro.clickphone.privacy.spi.keys.SignerContract;

/** HMAC is symmetric: it has no verifier-only form, so the verifier tests are skipped. */
class HmacSha256SignerContractTest extends SignerContract<HmacSha256Signer> {

    private final Map<HmacSha256Signer, byte[]> keys = new IdentityHashMap<>();

    @Override
    protected HmacSha256Signer newSigner() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        HmacSha256Signer signer = HmacSha256Signer.create(SecretBytes.copyOf(key), "audit-hmac");
        keys.put(signer, key);
        return signer;
    }

    @Override
    protected List<byte[]> keyMaterial(HmacSha256Signer signer) {
        return List.of(keys.get(signer));
    }
}
