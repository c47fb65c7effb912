package ro.clickphone.privacy.spi;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * Key material: bytes that must never be printed, compared in variable time, or kept longer than
 * needed.
 *
 * <p>{@link #toString()} prints the length only; {@link #equals(Object)} and {@link #hashCode()} are
 * identity, never over the bytes; {@link #sameAs(SecretBytes)} compares in constant time. The bytes
 * leave this object only through {@link #revealBytes()}, a name meant to be searched for in review.
 * {@link #destroy()} overwrites them with zeros.
 *
 * <p>Thread-safe for reading; {@link #destroy()} while another thread reveals the bytes is a bug in
 * the caller.
 *
 * @since 0.1.0
 */
public final class SecretBytes {

    private final byte[] bytes;
    private volatile boolean destroyed;

    private SecretBytes(byte[] bytes) {
        this.bytes = bytes;
    }

    /**
     * Copies key material.
     *
     * @param bytes the bytes, at least 1; the caller should zero its own copy
     * @return the secret
     * @throws InvalidInputException if {@code bytes} is null or empty
     */
    public static SecretBytes copyOf(byte[] bytes) {
        if (bytes == null || bytes.length == 0) {
            throw new InvalidInputException("secret", "must not be null or empty");
        }
        return new SecretBytes(bytes.clone());
    }

    /**
     * Draws fresh key material from a {@link SecureRandom}.
     *
     * @param length the number of bytes, 16 to 1024
     * @param random the source of randomness
     * @return the secret
     * @throws InvalidInputException if the length is out of range or {@code random} is null
     */
    public static SecretBytes random(int length, SecureRandom random) {
        if (length < 16 || length > 1024) {
            throw new InvalidInputException("length", "must be between 16 and 1024 bytes");
        }
        if (random == null) {
            throw new InvalidInputException("random", "must not be null");
        }
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return new SecretBytes(bytes);
    }

    /**
     * The number of bytes.
     *
     * @return the length
     */
    public int length() {
        return bytes.length;
    }

    /**
     * Releases a copy of the key material. Every call site is a place where a key leaves its
     * envelope; keep them few and zero the copy when done.
     *
     * @return a fresh copy of the bytes
     * @throws IllegalStateException if the secret was destroyed
     */
    public byte[] revealBytes() {
        if (destroyed) {
            throw new IllegalStateException("The secret was destroyed");
        }
        return bytes.clone();
    }

    /**
     * Compares with another secret in time that does not depend on where the bytes differ.
     *
     * @param other the other secret
     * @return {@code true} if both hold the same bytes and neither is destroyed
     */
    public boolean sameAs(SecretBytes other) {
        return other != null && !destroyed && !other.destroyed && MessageDigest.isEqual(bytes, other.bytes);
    }

    /** Overwrites the bytes with zeros; every later {@link #revealBytes()} fails. */
    public void destroy() {
        destroyed = true;
        Arrays.fill(bytes, (byte) 0);
    }

    /**
     * Whether {@link #destroy()} was called.
     *
     * @return {@code true} once destroyed
     */
    public boolean isDestroyed() {
        return destroyed;
    }

    /**
     * The length only.
     *
     * @return e.g. {@code SecretBytes[32 bytes]}
     */
    @Override
    public String toString() {
        return "SecretBytes[" + bytes.length + " bytes" + (destroyed ? ", destroyed" : "") + "]";
    }
}
