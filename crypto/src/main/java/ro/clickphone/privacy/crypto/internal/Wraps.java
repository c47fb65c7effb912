package ro.clickphone.privacy.crypto.internal;

import java.util.Arrays;
import ro.clickphone.privacy.spi.SecretBytes;
import ro.clickphone.privacy.spi.keys.KeyEncryptionKeyProvider;
import ro.clickphone.privacy.spi.keys.WrappedKey;

/** Wrapping a bound key payload under a KEK, leaving no copy of the payload behind. */
public final class Wraps {

    private Wraps() {
    }

    /**
     * Wraps a payload and wipes it, and the copy handed to the provider, whatever happens.
     *
     * @param kek the key-encryption-key provider
     * @param payload the bound payload; zeroed on return
     * @return the wrapped payload
     */
    public static WrappedKey wrapWiping(KeyEncryptionKeyProvider kek, byte[] payload) {
        SecretBytes sealed;
        try {
            sealed = SecretBytes.copyOf(payload);
        } finally {
            Arrays.fill(payload, (byte) 0);
        }
        try {
            return kek.wrap(sealed);
        } finally {
            sealed.destroy();
        }
    }
}
