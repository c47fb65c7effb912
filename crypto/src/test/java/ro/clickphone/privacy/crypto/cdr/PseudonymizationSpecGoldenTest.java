package ro.clickphone.privacy.crypto.cdr;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.HexFormat;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.macs.HMac;
import org.bouncycastle.crypto.params.HKDFParameters;
import org.bouncycastle.crypto.params.KeyParameter;
import org.junit.jupiter.api.Test;
import ro.clickphone.privacy.crypto.pseudonym.DurationBuckets;
import ro.clickphone.privacy.crypto.pseudonym.PseudonymKeys;
import ro.clickphone.privacy.crypto.pseudonym.TimeGranularity;
import ro.clickphone.privacy.spi.SecretBytes;
import ro.clickphone.privacy.spi.keys.KeyEncryptionKeyProvider;
import ro.clickphone.privacy.spi.keys.WrappedKey;

/**
 * The spec's sealed form as docs/FORMAT.md ("Pseudonymization specs") states it, computed again here
 * with BouncyCastle's HKDF and HMAC: a golden vector another implementation can check itself against.
 */
class PseudonymizationSpecGoldenTest {

    /** The bound payload of root key {@code 00 01 … 1f} (docs/FORMAT.md, "Wrapped pseudonym root keys"). */
    private static final String BOUND_ROOT = "10000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"
            + "22438d5a0cf7dd4deb9f9877fd6dcee3ae1b9ecf1952e081d0213115b76b9c31";
    private static final WrappedKey WRAPPED = new WrappedKey("golden-kek", 1, "Z29sZGVu");

    /** A KEK that "unwraps" the one golden wrapped key to the golden root payload. */
    private static final class GoldenKek implements KeyEncryptionKeyProvider {
        @Override
        public String kekId() {
            return "golden-kek";
        }

        @Override
        public int currentVersion() {
            return 1;
        }

        @Override
        public WrappedKey wrap(SecretBytes dataKey) {
            throw new UnsupportedOperationException("the golden KEK only unwraps");
        }

        @Override
        public SecretBytes unwrap(WrappedKey wrapped) {
            assertEquals(WRAPPED, wrapped);
            return SecretBytes.copyOf(HexFormat.of().parseHex(BOUND_ROOT));
        }
    }

    private static final CdrProfile PROFILE = CdrProfile.builder("analytics").numbers(NumberTechnique.ff1(3))
            .deviceIp(IpTechnique.cryptoPan()).startTime(TimeGranularity.HOUR)
            .durations(DurationBuckets.callDurations()).defaultRegion("RO").zone(ZoneId.of("Europe/Bucharest"))
            .build();

    private static final String PROFILE_TEXT = "cdr-profile/v1\n"
            + "context=analytics\n"
            + "region=RO\n"
            + "zone=Europe/Bucharest\n"
            + "caller=ff1:3\n"
            + "callee=ff1:3\n"
            + "forwardedTo=ff1:3\n"
            + "smsDestination=ff1:3\n"
            + "deviceIp=crypto-pan\n"
            + "start=HOUR\n"
            + "duration=buckets:PT30S,PT1M,PT5M,PT15M,PT1H\n";

    @Test
    void theProfileText_isCanonical() {
        assertEquals(PROFILE_TEXT, ProfileText.encode(PROFILE));
        assertEquals(PROFILE, ProfileText.decode(PROFILE_TEXT));
    }

    @Test
    void theSeal_isHmacSha256_underTheHkdfSealKey_ofTheLengthPrefixedParts() throws Exception {
        PseudonymizationSpec spec = PseudonymizationSpec.of(PROFILE,
                PseudonymKeys.ofWrapped(1, new GoldenKek(), WRAPPED));

        byte[] root = new byte[32];
        for (int i = 0; i < root.length; i++) {
            root[i] = (byte) i;
        }
        HKDFBytesGenerator hkdf = new HKDFBytesGenerator(new SHA256Digest());
        hkdf.init(new HKDFParameters(root, null,
                "clickphone-pseudonym/v1|seal:cdr_spec|analytics".getBytes(StandardCharsets.US_ASCII)));
        byte[] key = new byte[32];
        hkdf.generateBytes(key, 0, 32);
        ByteArrayOutputStream message = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(message)) {
            out.writeUTF("clickphone-cdr-spec/v1");
            out.writeUTF(PROFILE_TEXT);
            out.writeUTF("golden-kek");
            out.writeInt(1);
            out.writeUTF("Z29sZGVu");
            out.writeInt(1);
        }
        HMac hmac = new HMac(new SHA256Digest());
        hmac.init(new KeyParameter(key));
        byte[] bytes = message.toByteArray();
        hmac.update(bytes, 0, bytes.length);
        byte[] seal = new byte[32];
        hmac.doFinal(seal, 0);

        assertEquals(HexFormat.of().formatHex(seal), HexFormat.of().formatHex(spec.seal()));
        assertEquals(GOLDEN_SEAL, HexFormat.of().formatHex(spec.seal()));
        assertEquals(GOLDEN_SEAL.substring(0, 16), spec.id());
    }

    private static final String GOLDEN_SEAL = "ad558b9194b9e1d7453aae20000497f8548b9beb9cc990326116940234ca3e57";
}
