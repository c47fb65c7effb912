package ro.clickphone.privacy.crypto.internal;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** HMAC-SHA256 instances initialised once per thread, for hot paths that MAC under one key. */
public final class Hmacs {

    private Hmacs() {
    }

    /**
     * One initialised HMAC-SHA256 per thread under a key.
     *
     * @param key the key bytes; copied, so the caller may wipe them
     * @return the per-thread MACs; {@code doFinal} leaves each ready for the next value
     */
    public static ThreadLocal<Mac> perThread(byte[] key) {
        SecretKeySpec spec = new SecretKeySpec(key, "HmacSHA256");
        return ThreadLocal.withInitial(() -> {
            return Jce.mac("HmacSHA256", spec);
        });
    }

    /**
     * One HMAC-SHA256 of a message.
     *
     * @param key the key bytes; the caller wipes them
     * @param message the message
     * @return the 32-byte tag
     */
    public static byte[] sha256(byte[] key, byte[] message) {
        return Jce.mac("HmacSHA256", new SecretKeySpec(key, "HmacSHA256")).doFinal(message);
    }
}
