package ro.clickphone.privacy.spi.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import ro.clickphone.privacy.spi.KeyUnavailableException;

/**
 * The contract every {@link Signer} keeps, as its Javadoc states it. Plugin authors extend this
 * class (from the {@code clickphone-privacy-spi} test jar) and return a signer over a fresh key,
 * another one on every call, from {@link #newSigner()}:
 *
 * <pre>{@code
 * class KmsSignerTest extends SignerContract<KmsSigner> {
 *     @Override
 *     protected KmsSigner newSigner() {
 *         return KmsSigner.of(testKms.client(), testKms.createSigningKey());
 *     }
 * }
 * }</pre>
 *
 * <p>Two hooks are optional: {@link #verifierOf(Signer)} for an algorithm whose verifier can be
 * given out without the signing key, and {@link #keyMaterial(Signer)} for the key bytes the test
 * knows, which must never be printed. The tests that need a hook are skipped without it.
 *
 * @param <S> the signer type, so that the hooks need no cast
 */
public abstract class SignerContract<S extends Signer> {

    private static final byte[] MESSAGE =
            "clickphone-audit-checkpoint/v1 #1000 3f9a0c".getBytes(StandardCharsets.US_ASCII);

    private final SecureRandom random = new SecureRandom();
    private S signer;

    /**
     * Creates a signer for one test, over a key that no earlier call returned.
     *
     * @return the signer under test
     */
    protected abstract S newSigner();

    /**
     * A verifier that holds the public half of the signer's key only, if the algorithm has one.
     *
     * @param signer a signer that {@link #newSigner()} returned
     * @return the verifier; empty (the default) skips the verifier tests
     */
    protected Optional<Signer> verifierOf(S signer) {
        return Optional.empty();
    }

    /**
     * The secret key bytes behind a signer, as far as the test knows them.
     *
     * @param signer a signer that {@link #newSigner()} returned
     * @return the key material that must appear in no {@code toString()} or message; empty by default
     */
    protected List<byte[]> keyMaterial(S signer) {
        return List.of();
    }

    @BeforeEach
    void createSigner() {
        signer = newSigner();
    }

    private byte[] randomBytes(int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }

    @Test
    void signThenVerify_acceptsTheSignature_forMessagesOfAnyLength() {
        for (int length : new int[] {0, 1, 31, 32, 33, 1000, 65_537}) {
            byte[] message = randomBytes(length);
            assertTrue(signer.verify(message, signer.sign(message)), "message of " + length + " bytes");
        }
    }

    @Test
    void anyFlippedMessageBit_failsVerification() {
        byte[] signature = signer.sign(MESSAGE);
        for (int bit = 0; bit < MESSAGE.length * 8; bit++) {
            byte[] changed = MESSAGE.clone();
            changed[bit / 8] ^= (byte) (1 << (bit % 8));
            assertFalse(signer.verify(changed, signature), "message bit " + bit);
        }
    }

    @Test
    void anyFlippedSignatureBit_failsVerification() {
        byte[] signature = signer.sign(MESSAGE);
        for (int bit = 0; bit < signature.length * 8; bit++) {
            byte[] changed = signature.clone();
            changed[bit / 8] ^= (byte) (1 << (bit % 8));
            assertFalse(signer.verify(MESSAGE, changed), "signature bit " + bit);
        }
    }

    @Test
    void anotherMessagesSignature_failsVerification() {
        assertFalse(signer.verify(MESSAGE, signer.sign(Arrays.copyOf(MESSAGE, MESSAGE.length + 1))));
        assertFalse(signer.verify(Arrays.copyOf(MESSAGE, MESSAGE.length - 1), signer.sign(MESSAGE)));
    }

    @Test
    void anotherKeysSignature_failsVerification() {
        S other = newSigner();
        assertFalse(signer.verify(MESSAGE, other.sign(MESSAGE)));
        assertFalse(other.verify(MESSAGE, signer.sign(MESSAGE)));
    }

    @Test
    void malformedSignatures_areRejected_withoutThrowing() {
        byte[] signature = signer.sign(MESSAGE);
        List<byte[]> malformed = new ArrayList<>(List.of(new byte[0], new byte[1], new byte[signature.length],
                Arrays.copyOf(signature, signature.length - 1), Arrays.copyOf(signature, signature.length + 1),
                Arrays.copyOf(signature, signature.length + 2), Arrays.copyOf(signature, signature.length * 2)));
        for (int i = 0; i < 20; i++) {
            malformed.add(randomBytes(random.nextInt(200)));
        }
        for (byte[] candidate : malformed) {
            assertFalse(signer.verify(MESSAGE, candidate), () -> "a malformed signature of " + candidate.length
                    + " bytes is accepted");
        }
    }

    @Test
    void keyIdAndAlgorithm_areStable_andNotBlank() {
        String keyId = signer.keyId();
        String algorithm = signer.algorithm();
        assertFalse(keyId == null || keyId.isBlank(), "a key id is stored with every signature");
        assertFalse(algorithm == null || algorithm.isBlank());
        signer.sign(MESSAGE);
        assertEquals(keyId, signer.keyId());
        assertEquals(algorithm, signer.algorithm());
    }

    @Test
    void toString_showsNoKeyMaterial() {
        List<byte[]> keys = keyMaterial(signer);
        assumeFalse(keys.isEmpty(), "the test does not know the signer's key material");
        List<String> printed = new ArrayList<>(List.of(signer.toString()));
        verifierOf(signer).ifPresent(verifier -> printed.add(verifier.toString()));
        for (String text : printed) {
            for (byte[] key : keys) {
                assertNoEncodingOf(key, text, "toString()");
            }
        }
    }

    @Test
    void concurrentSignsAndVerifies_allHold() throws Exception {
        int threads = 4;
        int perThread = 50;
        byte[] shared = signer.sign(MESSAGE);
        CyclicBarrier start = new CyclicBarrier(threads);
        List<Callable<List<byte[][]>>> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            workers.add(() -> {
                start.await(10, TimeUnit.SECONDS);
                List<byte[][]> signed = new ArrayList<>();
                for (int i = 0; i < perThread; i++) {
                    byte[] message = randomBytes(1 + i);
                    byte[] signature = signer.sign(message);
                    assertTrue(signer.verify(message, signature), "own message " + i);
                    assertTrue(signer.verify(MESSAGE, shared), "shared message " + i);
                    assertFalse(signer.verify(message, shared), "shared signature on another message " + i);
                    signed.add(new byte[][] {message, signature});
                }
                return signed;
            });
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<byte[][]> all = new ArrayList<>();
        try {
            List<Future<List<byte[][]>>> results = new ArrayList<>();
            for (Callable<List<byte[][]>> worker : workers) {
                results.add(pool.submit(worker));
            }
            for (Future<List<byte[][]>> result : results) {
                all.addAll(result.get(60, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(threads * perThread, all.size());
        for (byte[][] pair : all) {
            assertTrue(signer.verify(pair[0], pair[1]), "a signature made under contention verifies afterwards");
        }
    }

    @Test
    void verifier_acceptsTheSignersSignatures_underTheSameKeyId() {
        Optional<Signer> verifier = verifierOf(signer);
        assumeTrue(verifier.isPresent(), "the signer under test has no verifier-only form");
        byte[] signature = signer.sign(MESSAGE);
        assertTrue(verifier.get().verify(MESSAGE, signature));
        byte[] changed = signature.clone();
        changed[0] ^= 1;
        assertFalse(verifier.get().verify(MESSAGE, changed));
        assertEquals(signer.keyId(), verifier.get().keyId());
        assertEquals(signer.algorithm(), verifier.get().algorithm());
    }

    @Test
    void verifier_refusesToSign_withKeyUnavailable_notRetryable() {
        Optional<Signer> verifier = verifierOf(signer);
        assumeTrue(verifier.isPresent(), "the signer under test has no verifier-only form");
        KeyUnavailableException e = assertThrows(KeyUnavailableException.class, () -> verifier.get().sign(MESSAGE));
        assertFalse(e.isRetryable(), "a verifier will not hold the signing key later either");
        for (byte[] key : keyMaterial(signer)) {
            assertNoEncodingOf(key, String.valueOf(e), "the refusal's message");
        }
    }

    private static void assertNoEncodingOf(byte[] key, String text, String where) {
        HexFormat hex = HexFormat.of();
        List<String> forms = List.of(hex.formatHex(key), hex.formatHex(key).toUpperCase(Locale.ROOT),
                Base64.getEncoder().encodeToString(key), Base64.getUrlEncoder().withoutPadding().encodeToString(key),
                Arrays.toString(key));
        for (String form : forms) {
            assertFalse(text.contains(form), () -> where + " shows key material: " + text);
        }
    }
}
