package ro.clickphone.privacy.crypto;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.SortedSet;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ro.clickphone.privacy.crypto.cdr.CallDetailRecord;
import ro.clickphone.privacy.crypto.cdr.CdrProfile;
import ro.clickphone.privacy.crypto.cdr.CdrPseudonymizer;
import ro.clickphone.privacy.crypto.cdr.Direction;
import ro.clickphone.privacy.crypto.cdr.IpTechnique;
import ro.clickphone.privacy.crypto.cdr.NumberTechnique;
import ro.clickphone.privacy.crypto.kek.PassphraseKeyEncryptionKeyProvider;
import ro.clickphone.privacy.crypto.kek.Pkcs12KeyEncryptionKeyProvider;
import ro.clickphone.privacy.crypto.pseudonym.DurationBuckets;
import ro.clickphone.privacy.crypto.pseudonym.EmailOptions;
import ro.clickphone.privacy.crypto.pseudonym.EmailPseudonymizer;
import ro.clickphone.privacy.crypto.pseudonym.IpPseudonymizer;
import ro.clickphone.privacy.crypto.pseudonym.KeyedTokens;
import ro.clickphone.privacy.crypto.pseudonym.PhoneOptions;
import ro.clickphone.privacy.crypto.pseudonym.PhonePseudonymizer;
import ro.clickphone.privacy.crypto.pseudonym.PseudonymAuthorizer;
import ro.clickphone.privacy.crypto.pseudonym.PseudonymKeys;
import ro.clickphone.privacy.crypto.pseudonym.Pseudonyms;
import ro.clickphone.privacy.crypto.pseudonym.ReidentificationLog;
import ro.clickphone.privacy.crypto.pseudonym.ReidentificationReason;
import ro.clickphone.privacy.crypto.pseudonym.TimeGranularity;
import ro.clickphone.privacy.crypto.pseudonym.TokenFormat;
import ro.clickphone.privacy.crypto.pseudonym.VaultTokenizer;
import ro.clickphone.privacy.crypto.search.BlindIndex;
import ro.clickphone.privacy.crypto.search.BlindIndexField;
import ro.clickphone.privacy.crypto.search.DeterministicEncryptor;
import ro.clickphone.privacy.crypto.search.DeterministicField;
import ro.clickphone.privacy.crypto.search.FieldGuard;
import ro.clickphone.privacy.crypto.search.SearchKeys;
import ro.clickphone.privacy.crypto.sign.Ed25519Signer;
import ro.clickphone.privacy.crypto.sign.HmacSha256Signer;
import ro.clickphone.privacy.spi.Actor;
import ro.clickphone.privacy.spi.KeyScope;
import ro.clickphone.privacy.spi.PolicyVersion;
import ro.clickphone.privacy.spi.Purpose;
import ro.clickphone.privacy.spi.SecretBytes;
import ro.clickphone.privacy.spi.SubjectId;
import ro.clickphone.privacy.spi.keys.KeyEncryptionKeyProvider;
import ro.clickphone.privacy.spi.keys.SubjectKeyStore;
import ro.clickphone.privacy.spi.keys.WrappedKey;
import ro.clickphone.privacy.spi.memory.InMemorySubjectKeyStore;
import ro.clickphone.privacy.spi.memory.InMemoryTokenVaultStore;
import ro.clickphone.privacy.spi.testkit.ApiProbe;
import ro.clickphone.privacy.spi.vault.TokenVaultStore;

/**
 * No public call of the crypto module throws {@code NullPointerException}, {@code DateTimeException},
 * {@code ArithmeticException} or a JDK {@code IllegalArgumentException} on a null or extreme
 * argument: every bad input is a typed {@code PrivacyException}.
 */
class PublicApiProbeTest {

    private static final String PASSPHRASE = "correct horse battery staple";

    /** Valid values of the spi's and crypto's types, for the arguments that are not under test. */
    static ApiProbe withCryptoSamples(ApiProbe probe, Path scratch) {
        KeyEncryptionKeyProvider kek = Pkcs12KeyEncryptionKeyProvider.create(scratch.resolve("kek.p12"),
                "pw".toCharArray(), "kek");
        EnvelopeKeys keys = EnvelopeKeys.create(KeySettings.of(kek), new InMemorySubjectKeyStore(), Clock.systemUTC());
        FieldEncryptor fields = new FieldEncryptor(keys);
        SecretBytes root = SecretBytes.copyOf(new byte[32]);
        Pseudonyms pseudonyms = Pseudonyms.create(PseudonymKeys.of(1, root), PseudonymAuthorizer.unrestricted(e -> { }))
                .withVault(new InMemoryTokenVaultStore(), fields);
        CdrProfile profile = CdrProfile.builder("analytics").numbers(NumberTechnique.ff1(3))
                .deviceIp(IpTechnique.cryptoPan()).startTime(TimeGranularity.HOUR)
                .durations(DurationBuckets.callDurations()).build();
        Actor actor = Actor.subject(SubjectId.of("subject-1"));
        WrappedKey wrapped = kek.wrap(SecretBytes.copyOf(new byte[32]));
        PassphraseKeyEncryptionKeyProvider passphrase = PassphraseKeyEncryptionKeyProvider.create(PASSPHRASE.toCharArray(),
                "kek");
        KeyPair pair;
        try {
            pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
        return probe
                .sample(WrappedKey.class, () -> wrapped)
                .sample(PassphraseKeyEncryptionKeyProvider.class, () -> passphrase)
                .sample(PrivateKey.class, pair::getPrivate)
                .sample(PublicKey.class, pair::getPublic)
                .sample(CdrProfile.Builder.class, () -> CdrProfile.builder("analytics"))
                .sample(SubjectId.class, () -> SubjectId.of("subject-1"))
                .sample(Purpose.class, () -> Purpose.of("MARKETING"))
                .sample(KeyScope.class, () -> KeyScope.of("profile"))
                .sample(PolicyVersion.class, () -> PolicyVersion.of("2026.1", LocalDate.of(2026, 1, 1)))
                .sample(SecretBytes.class, () -> SecretBytes.copyOf(new byte[32]))
                .sample(Actor.class, () -> actor)
                .sample(SortedSet.class, TreeSet::new)
                .sample(char[].class, PASSPHRASE::toCharArray)
                .sample(KeyEncryptionKeyProvider.class, () -> kek)
                .sample(Pkcs12KeyEncryptionKeyProvider.class, () -> (Pkcs12KeyEncryptionKeyProvider) kek)
                .sample(SubjectKeyStore.class, InMemorySubjectKeyStore::new)
                .sample(TokenVaultStore.class, InMemoryTokenVaultStore::new)
                .sample(KeySettings.class, () -> KeySettings.of(kek))
                .sample(RotationPolicy.class, () -> RotationPolicy.of(Duration.ofDays(30), 1000))
                .sample(EnvelopeKeys.class, () -> keys)
                .sample(FieldEncryptor.class, () -> fields)
                .sample(StreamEncryptor.class, () -> new StreamEncryptor(keys))
                .sample(FieldContext.class, () -> FieldContext.of("account", "email", KeyScope.of("profile")))
                .sample(PseudonymKeys.class, () -> PseudonymKeys.of(1, root))
                .sample(Pseudonyms.class, () -> pseudonyms)
                .sample(ReidentificationLog.class, () -> (ReidentificationLog) e -> { })
                .sample(ReidentificationReason.class, () -> ReidentificationReason.of(actor, "SUPPORT_TICKET"))
                .sample(KeyedTokens.class, () -> pseudonyms.tokens("analytics"))
                .sample(PhonePseudonymizer.class, () -> pseudonyms.phone("analytics"))
                .sample(IpPseudonymizer.class, () -> pseudonyms.ip("analytics"))
                .sample(EmailPseudonymizer.class, () -> pseudonyms.email("analytics", EmailOptions.defaults()))
                .sample(VaultTokenizer.class, () -> pseudonyms.vault("support", KeyScope.of("profile")))
                .sample(TokenFormat.class, TokenFormat::defaults)
                .sample(PhoneOptions.class, PhoneOptions::defaults)
                .sample(EmailOptions.class, EmailOptions::defaults)
                .sample(DurationBuckets.class, DurationBuckets::callDurations)
                .sample(NumberTechnique.class, () -> NumberTechnique.ff1(3))
                .sample(IpTechnique.class, IpTechnique::cryptoPan)
                .sample(CdrProfile.class, () -> profile)
                .sample(CdrPseudonymizer.class, () -> CdrPseudonymizer.create(pseudonyms, profile))
                .sample(CallDetailRecord.class, () -> CallDetailRecord.call("r-1", Direction.OUTBOUND,
                        "+40721234567", "+40731234567", java.time.Instant.parse("2026-11-29T07:00:00Z"),
                        java.time.Duration.ofSeconds(30)))
                .sample(BlindIndex.class, () -> BlindIndex.create(root))
                .sample(SearchKeys.class, () -> SearchKeys.of(1, root).withVersion(2, SecretBytes.copyOf(new byte[] {
                    1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28,
                    29, 30, 31, 32})))
                .sample(FieldGuard.class, FieldGuard::none)
                .sample(FieldContextGuard.class, FieldContextGuard::none)
                .sample(BlindIndexField.class, () -> BlindIndex.create(root).field("account", "email",
                        Normalization.EMAIL, 64))
                .sample(DeterministicEncryptor.class, () -> DeterministicEncryptor.create(root))
                .sample(DeterministicField.class, () -> DeterministicEncryptor.create(root).field("account", "email",
                        Normalization.EMAIL))
                .sample(HmacSha256Signer.class, () -> HmacSha256Signer.create(root, "audit-1"))
                .sample(Ed25519Signer.class, () -> Ed25519Signer.generate("audit-1"))
                .sampleNamed("context", () -> "analytics")
                .sampleNamed("defaultRegion", () -> "RO")
                .sampleNamed("region", () -> "RO")
                .sampleNamed("entity", () -> "account")
                .sampleNamed("field", () -> "email")
                .sampleNamed("keyId", () -> "audit-1")
                .sampleNamed("kekId", () -> "kek")
                .sampleNamed("bits", () -> 64);
    }

    @Test
    void everyPublicCall_withNullOrExtremeArgument_throwsOnlyTypedExceptions(@TempDir Path scratch) {
        ApiProbe.Report report = withCryptoSamples(ApiProbe.create(scratch), scratch).run(FieldEncryptor.class);
        System.out.println(report.summary());
        assertTrue(report.findings().isEmpty(), String.join("\n", report.findings()) + "\n" + report.summary());
    }
}
