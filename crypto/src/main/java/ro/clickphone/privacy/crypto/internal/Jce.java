package ro.clickphone.privacy.crypto.internal;

import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.Provider;
import javax.crypto.Cipher;
import javax.crypto.Mac;

/**
 * The one place that turns the JCE's checked exceptions that cannot happen (an algorithm every Java
 * 17 runtime must provide, a key of a length it accepts) into an {@link IllegalStateException}.
 * Exceptions that can happen (a bad tag, a key a KMS refuses) are mapped where they occur, to the
 * SDK's own types.
 */
public final class Jce {

    private Jce() {
    }

    /**
     * The exception for a JCE failure that a conforming runtime never produces.
     *
     * @param what what was asked of the JCE, such as {@code AES/GCM/NoPadding}
     * @param cause the JCE's exception
     * @return the exception to throw
     */
    public static IllegalStateException impossible(String what, GeneralSecurityException cause) {
        return new IllegalStateException("The JCE refused " + what + ", which every Java 17 runtime provides", cause);
    }

    /**
     * A cipher of a transformation every runtime provides.
     *
     * @param transformation such as {@code AES/GCM/NoPadding}
     * @return the cipher, not initialized
     */
    public static Cipher cipher(String transformation) {
        try {
            return Cipher.getInstance(transformation);
        } catch (GeneralSecurityException e) {
            throw impossible(transformation, e);
        }
    }

    /**
     * A cipher of a transformation from a given provider, or from the JCE's preference order.
     *
     * @param transformation such as {@code AES/GCM/NoPadding}
     * @param provider the provider, or null for the JCE's preference order
     * @return the cipher, not initialized
     */
    public static Cipher cipher(String transformation, Provider provider) {
        if (provider == null) {
            return cipher(transformation);
        }
        try {
            return Cipher.getInstance(transformation, provider);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("The provider " + provider.getName() + " refused " + transformation
                    + ", which it offered when the key settings were made", e);
        }
    }

    /**
     * A MAC from a given provider, or from the JCE's preference order, initialized with a key of a
     * length the algorithm accepts.
     *
     * @param algorithm such as {@code HmacSHA256}
     * @param key the key
     * @param provider the provider, or null for the JCE's preference order
     * @return the initialized MAC
     */
    public static Mac mac(String algorithm, Key key, Provider provider) {
        if (provider == null) {
            return mac(algorithm, key);
        }
        try {
            Mac mac = Mac.getInstance(algorithm, provider);
            mac.init(key);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("The provider " + provider.getName() + " refused " + algorithm
                    + ", which it offered when the key settings were made", e);
        }
    }

    /**
     * An encrypting cipher initialized with a key of a length the transformation accepts.
     *
     * @param transformation such as {@code AES/ECB/NoPadding}
     * @param key the key
     * @return the initialized cipher
     */
    public static Cipher encrypting(String transformation, Key key) {
        Cipher cipher = cipher(transformation);
        try {
            cipher.init(Cipher.ENCRYPT_MODE, key);
            return cipher;
        } catch (GeneralSecurityException e) {
            throw impossible(transformation + " with a " + key.getAlgorithm() + " key", e);
        }
    }

    /**
     * A MAC initialized with a key of a length the algorithm accepts.
     *
     * @param algorithm such as {@code HmacSHA256}
     * @param key the key
     * @return the initialized MAC
     */
    public static Mac mac(String algorithm, Key key) {
        try {
            Mac mac = Mac.getInstance(algorithm);
            mac.init(key);
            return mac;
        } catch (GeneralSecurityException e) {
            throw impossible(algorithm, e);
        }
    }
}
