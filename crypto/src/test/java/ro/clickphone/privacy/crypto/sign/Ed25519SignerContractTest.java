package ro.clickphone.privacy.crypto.sign;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import ro.clickphone.privacy.spi.keys.Signer;
import ro.clickphone.privacy.spi.keys.SignerContract;

class Ed25519SignerContractTest extends SignerContract<Ed25519Signer> {

    private final Map<Ed25519Signer, byte[]> privateKeys = new IdentityHashMap<>();

    @Override
    protected Ed25519Signer newSigner() {
        try {
            KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
            Ed25519Signer signer = Ed25519Signer.of(pair.getPrivate(), pair.getPublic(), "audit-ed25519");
            privateKeys.put(signer, pair.getPrivate().getEncoded());
            return signer;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    protected Optional<Signer> verifierOf(Ed25519Signer signer) {
        return Optional.of(Ed25519Signer.verifier(signer.publicKey(), signer.keyId()));
    }

    /** The PKCS#8 encoding, and the 32-byte seed it ends with. */
    @Override
    protected List<byte[]> keyMaterial(Ed25519Signer signer) {
        byte[] pkcs8 = privateKeys.get(signer);
        return List.of(pkcs8, Arrays.copyOfRange(pkcs8, pkcs8.length - 32, pkcs8.length));
    }
}
