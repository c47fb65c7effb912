package ro.clickphone.privacy.crypto.cdr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import ro.clickphone.privacy.crypto.cdr.fixture.CdrFixture;
import ro.clickphone.privacy.crypto.cdr.fixture.FixtureKek;
import ro.clickphone.privacy.crypto.cdr.fixture.FixtureKekFactory;
import ro.clickphone.privacy.crypto.cdr.fixture.FixtureKeys;
import ro.clickphone.privacy.crypto.pseudonym.DurationBuckets;
import ro.clickphone.privacy.crypto.pseudonym.Pseudonymization;
import ro.clickphone.privacy.crypto.pseudonym.PseudonymAuthorizer;
import ro.clickphone.privacy.crypto.pseudonym.PseudonymKeys;
import ro.clickphone.privacy.crypto.pseudonym.Pseudonyms;
import ro.clickphone.privacy.crypto.pseudonym.Reidentification;
import ro.clickphone.privacy.crypto.pseudonym.Technique;
import ro.clickphone.privacy.crypto.pseudonym.TimeGranularity;
import ro.clickphone.privacy.crypto.pseudonym.TokenFormat;
import ro.clickphone.privacy.spi.Actor;
import ro.clickphone.privacy.spi.ConfigurationException;
import ro.clickphone.privacy.spi.IntegrityException;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.KeyUnavailableException;
import ro.clickphone.privacy.spi.PolicyViolationException;
import ro.clickphone.privacy.spi.SecretBytes;
import ro.clickphone.privacy.spi.SubjectId;
import ro.clickphone.privacy.spi.keys.KeyEncryptionKeyProvider;
import ro.clickphone.privacy.spi.keys.WrappedKey;

/**
 * The worker side of scale-out: a spec made where the grant is checked, serialized into a job, opened
 * on a worker JVM through a KEK factory, giving exactly the single-JVM pseudonyms; and refused when
 * someone who submits jobs but holds no root key edits it.
 */
class PseudonymizationSpecTest {

    private static final Instant START = Instant.parse("2026-03-29T00:59:59Z");
    private static final Actor JOB = Actor.system("cdr-lake", Set.of("ANALYTICS_JOB"));

    @BeforeEach
    void freshJvm() {
        SpecWorkers.forgetAll();
    }

    private static List<CallDetailRecord> records() {
        List<CallDetailRecord> records = new ArrayList<>();
        records.add(CallDetailRecord.call("c-1", Direction.OUTBOUND, "+40721234567", "0731 111 222", START,
                Duration.ofSeconds(192)).withForwardedTo("+40212345678").withDeviceIp("192.0.2.17"));
        records.add(CallDetailRecord.call("c-2", Direction.INBOUND, "0040 745 000 111", "+4915112345678", START
                .plusSeconds(7200), Duration.ZERO).withDeviceIp("2001:db8::7"));
        records.add(CallDetailRecord.sms("s-1", Direction.OUTBOUND, "+40722000333", "+40766123456", START));
        return records;
    }

    private static byte[] serialize(Object object) {
        return FixtureKeys.serialize(object);
    }


    private static PseudonymizationSpec deserialize(byte[] bytes) throws IOException, ClassNotFoundException {
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes))) {
            return (PseudonymizationSpec) in.readObject();
        }
    }

    /** Replaces one run of bytes by another of the same length, as an editor of a serialized job would. */
    private static byte[] replace(byte[] bytes, String from, String to) {
        assertEquals(from.length(), to.length());
        byte[] needle = from.getBytes(StandardCharsets.UTF_8);
        byte[] edited = bytes.clone();
        int found = 0;
        for (int i = 0; i + needle.length <= edited.length; i++) {
            boolean match = true;
            for (int j = 0; j < needle.length && match; j++) {
                match = edited[i + j] == needle[j];
            }
            if (match) {
                System.arraycopy(to.getBytes(StandardCharsets.UTF_8), 0, edited, i, needle.length);
                found++;
            }
        }
        assertEquals(1, found, "the serialized spec holds " + from + " once");
        return edited;
    }

    @Test
    void aSerializedSpec_opensOnTheWorker_toTheSingleJvmPseudonyms() throws Exception {
        PseudonymizationSpec shipped = deserialize(serialize(FixtureKeys.spec()));
        assertEquals(FixtureKeys.spec(), shipped);
        assertEquals(FixtureKeys.spec().hashCode(), shipped.hashCode());
        CdrPseudonymizer worker = CdrPseudonymizer.forSpec(shipped);
        CdrPseudonymizer single = FixtureKeys.singleJvm();
        for (CallDetailRecord record : records()) {
            assertEquals(single.pseudonymize(record), worker.pseudonymize(record));
        }
        assertEquals(CdrFixture.profile(), shipped.profile());
    }

    @Test
    void everyProfileShape_survivesTheSpec() throws Exception {
        List<CdrProfile> profiles = List.of(
                CdrProfile.builder("analytics").build(),
                CdrProfile.builder("fraud").caller(NumberTechnique.token()).callee(NumberTechnique.mask())
                        .forwardedTo(NumberTechnique.ff1(0)).smsDestination(new NumberTechnique.Token(
                                TokenFormat.base64url(22))).deviceIp(IpTechnique.truncate()).exactStartTime()
                        .exactDurations().defaultRegion("DE").zone(ZoneId.of("UTC")).build(),
                CdrProfile.builder("partner_export").numbers(NumberTechnique.ff1(2)).deviceIp(IpTechnique.mask())
                        .startTime(TimeGranularity.WEEK).durations(DurationBuckets.of(Duration.ofMillis(1500),
                                Duration.ofDays(2))).build());
        for (CdrProfile profile : profiles) {
            assertEquals(profile, ProfileText.decode(ProfileText.encode(profile)));
            PseudonymizationSpec spec = deserialize(serialize(PseudonymizationSpec.of(profile, FixtureKeys.keys())));
            CdrPseudonymizer worker = CdrPseudonymizer.forSpec(spec);
            CdrPseudonymizer single = FixtureKeys.singleJvm(profile);
            for (CallDetailRecord record : records()) {
                assertEquals(single.pseudonymize(record), worker.pseudonymize(record), profile.context());
            }
        }
    }

    @Test
    void aWorkerJvm_unwrapsOnce_howeverManyTasksOpenTheSpec() throws Exception {
        int before = FixtureKekFactory.openings();
        byte[] shipped = serialize(FixtureKeys.spec());
        ExecutorService tasks = Executors.newFixedThreadPool(8);
        try {
            List<Callable<CdrPseudonymizer>> opens = new ArrayList<>();
            for (int i = 0; i < 32; i++) {
                opens.add(() -> CdrPseudonymizer.forSpec(deserialize(shipped)));
            }
            Set<CdrPseudonymizer> opened = new HashSet<>();
            for (Future<CdrPseudonymizer> open : tasks.invokeAll(opens)) {
                opened.add(open.get());
            }
            assertEquals(1, opened.size(), "one pseudonymizer per JVM and spec");
        } finally {
            tasks.shutdownNow();
        }
        assertEquals(before + 1, FixtureKekFactory.openings(), "one unwrap per JVM and spec");
    }

    // --- the attacker: someone who submits jobs (and so can edit the serialized spec) but holds no root key ---

    @Test
    void aSpecEditedToAnotherContext_isRefusedOnTheWorker() throws Exception {
        byte[] edited = replace(serialize(FixtureKeys.spec()), "context=analytics", "context=analyticz");
        PseudonymizationSpec forged = deserialize(edited);
        assertEquals("analyticz", forged.context());
        IntegrityException e = assertThrows(IntegrityException.class, () -> CdrPseudonymizer.forSpec(forged));
        assertTrue(e.getMessage().contains("seal"), e.getMessage());
    }

    @Test
    void aSpecEditedToAnotherTechnique_orFinerTimes_isRefused() throws Exception {
        byte[] bytes = serialize(FixtureKeys.spec());
        PseudonymizationSpec otherDigits = deserialize(replace(bytes, "caller=ff1:3", "caller=ff1:1"));
        assertEquals(NumberTechnique.ff1(1), otherDigits.profile().caller());
        assertThrows(IntegrityException.class, () -> CdrPseudonymizer.forSpec(otherDigits));
        // A crafted stream can hold any field values: here a well-formed profile that keeps exact times.
        PseudonymizationSpec exactTimes = deserialize(bytes);
        java.lang.reflect.Field text = PseudonymizationSpec.class.getDeclaredField("profileText");
        text.setAccessible(true);
        CdrProfile finer = CdrProfile.builder("analytics").numbers(NumberTechnique.ff1(3))
                .deviceIp(IpTechnique.cryptoPan()).exactStartTime().exactDurations().defaultRegion("RO")
                .zone(ZoneId.of("Europe/Bucharest")).build();
        text.set(exactTimes, ProfileText.encode(finer));
        assertEquals(finer, deserialize(serialize(exactTimes)).profile());
        assertThrows(IntegrityException.class, () -> CdrPseudonymizer.forSpec(deserialize(serialize(exactTimes))));
    }

    @Test
    void aSpecWithAnotherWrappedRootKey_isRefused() throws Exception {
        FixtureKek kek = new FixtureKek();
        WrappedKey other = PseudonymKeys.newWrappedRootKey(kek);
        String mine = FixtureKeys.spec().wrappedRootKey().ciphertext();
        assertEquals(mine.length(), other.ciphertext().length());
        PseudonymizationSpec swapped = deserialize(replace(serialize(FixtureKeys.spec()), mine, other.ciphertext()));
        assertThrows(IntegrityException.class, () -> CdrPseudonymizer.forSpec(swapped));
    }

    @Test
    void aSpecWhoseProfileTextIsNotAKitsOwn_isRefused() throws Exception {
        PseudonymizationSpec damaged = deserialize(replace(serialize(FixtureKeys.spec()), "zone=Europe/Bucharest",
                "zone=Europe/Bucharesx"));
        assertThrows(IntegrityException.class, damaged::profile);
        assertThrows(IntegrityException.class, () -> CdrPseudonymizer.forSpec(damaged));
        assertTrue(damaged.toString().contains("malformed"), damaged.toString());
    }

    @Test
    void anUntouchedSpec_stillOpens_soTheEditsAboveAreWhatIsRefused() throws Exception {
        byte[] bytes = serialize(FixtureKeys.spec());
        PseudonymizationSpec same = deserialize(replace(bytes, "context=analytics", "context=analytics"));
        assertEquals(FixtureKeys.singleJvm().pseudonymize(records().get(0)),
                CdrPseudonymizer.forSpec(same).pseudonymize(records().get(0)));
    }

    @Test
    void aSpecLeftEmptyByAFieldByFieldStream_isRefusedTyped() throws Exception {
        PseudonymizationSpec hollow = deserialize(serialize(FixtureKeys.spec()));
        java.lang.reflect.Field seal = PseudonymizationSpec.class.getDeclaredField("seal");
        seal.setAccessible(true);
        seal.set(hollow, null);
        assertThrows(IntegrityException.class, () -> CdrPseudonymizer.forSpec(hollow));
        assertTrue(hollow.toString().contains("unsealed"), hollow.toString());
        java.lang.reflect.Field factory = PseudonymizationSpec.class.getDeclaredField("kekFactory");
        factory.setAccessible(true);
        PseudonymizationSpec badName = deserialize(serialize(FixtureKeys.spec()));
        factory.set(badName, "not a class; +40721234567");
        assertThrows(IntegrityException.class, () -> CdrPseudonymizer.forSpec(badName));
        assertThrows(java.io.InvalidObjectException.class, () -> deserialize(serialize(badName)));
    }

    /**
     * The limit of the seal, pinned: whoever may <em>wrap</em> under a KEK the workers open can seal a
     * spec around a root key of their own, and the worker accepts it (docs/SECURITY.md, "Scale-out":
     * wrapping under the workers' KEK must be the kit's alone). Its pseudonyms are not the kit's.
     */
    @Test
    void aSpecSealedAroundTheirOwnRootKey_byWhoeverMayWrap_opens_butIsNotTheKits() {
        FixtureKek kek = new FixtureKek();
        PseudonymKeys theirs = PseudonymKeys.ofWrapped(1, kek, PseudonymKeys.newWrappedRootKey(kek));
        PseudonymizationSpec resealed = PseudonymizationSpec.of(CdrFixture.profile(), theirs);
        CallDetailRecord call = records().get(0);
        assertNotEquals(FixtureKeys.singleJvm().pseudonymize(call), CdrPseudonymizer.forSpec(resealed).pseudonymize(call));
    }

    /**
     * A worker's service only goes forward, in the spec's context: the attacker is code on the worker
     * that gets hold of the service the spec opened and asks it to reverse a pseudonym or to
     * pseudonymize in another context.
     */
    @Test
    void aWorkersService_refusesReversal_andOtherContexts() {
        Pseudonyms worker = Pseudonyms.create(FixtureKeys.keys(), new SpecWorkers.WorkerAuthorizer("analytics"))
                .as(Actor.system("spec-worker", Set.of("PSEUDONYMIZATION_SPEC")));
        String pseudonym = worker.phone("analytics").pseudonymize("+40721234567");
        assertThrows(PolicyViolationException.class, () -> worker.phone("analytics").reidentify(pseudonym, 1,
                ro.clickphone.privacy.crypto.pseudonym.ReidentificationReason.of(JOB, "FRAUD_INVESTIGATION")));
        assertThrows(PolicyViolationException.class, () -> worker.phone("fraud").pseudonymize("+40721234567"));
        assertThrows(PolicyViolationException.class, () -> worker.ip("fraud").pseudonymize("192.0.2.17"));
    }

    // --- finding the KEK on the worker ---

    /** Not a factory; its static initialiser must never run on a worker. */
    static final class NotAFactory {
        static {
            TRAP_RAN.set(true);
        }
    }

    private static final java.util.concurrent.atomic.AtomicBoolean TRAP_RAN = new java.util.concurrent.atomic.AtomicBoolean();

    @Test
    void aNamedClassThatIsNoFactory_isNeitherInitialisedNorEchoed() {
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> CdrPseudonymizer.forSpec(
                FixtureKeys.spec().withKekFactory(NotAFactory.class.getName())));
        assertFalse(TRAP_RAN.get(), "the class was initialised");
        assertFalse(e.getMessage().contains("NotAFactory"), e.getMessage());
        ConfigurationException missing = assertThrows(ConfigurationException.class, () -> CdrPseudonymizer.forSpec(
                FixtureKeys.spec().withKekFactory("p.x40721234567")));
        assertFalse(missing.getMessage().contains("40721234567"), missing.getMessage());
    }

    /** A KEK under another id: no registered factory knows it. */
    private static final class RenamedKek implements KeyEncryptionKeyProvider {
        private final FixtureKek real = new FixtureKek();

        @Override
        public String kekId() {
            return "lake-kek";
        }

        @Override
        public int currentVersion() {
            return 1;
        }

        @Override
        public WrappedKey wrap(SecretBytes dataKey) {
            WrappedKey wrapped = real.wrap(dataKey);
            return new WrappedKey("lake-kek", 1, wrapped.ciphertext());
        }

        @Override
        public SecretBytes unwrap(WrappedKey wrapped) {
            return real.unwrap(new WrappedKey(FixtureKek.KEK_ID, 1, wrapped.ciphertext()));
        }
    }

    @Test
    void aKekNoFactoryKnows_isUnavailable_namingTheKekOnly() {
        RenamedKek kek = new RenamedKek();
        PseudonymizationSpec spec = PseudonymizationSpec.of(CdrFixture.profile(),
                PseudonymKeys.ofWrapped(1, kek, PseudonymKeys.newWrappedRootKey(kek)));
        KeyUnavailableException e = assertThrows(KeyUnavailableException.class, () -> CdrPseudonymizer.forSpec(spec));
        assertTrue(e.getMessage().contains("lake-kek"), e.getMessage());
        assertFalse(e.isRetryable());
    }

    @Test
    void aNamedFactory_isUsed_andAWrongOneIsAConfigurationError() {
        PseudonymizationSpec named = FixtureKeys.spec().withKekFactory(FixtureKekFactory.class.getName());
        assertNotEquals(FixtureKeys.spec(), named);
        assertEquals(FixtureKeys.spec().id(), named.id());
        assertEquals(FixtureKeys.singleJvm().pseudonymize(records().get(1)),
                CdrPseudonymizer.forSpec(named).pseudonymize(records().get(1)));
        assertThrows(ConfigurationException.class,
                () -> CdrPseudonymizer.forSpec(FixtureKeys.spec().withKekFactory("java.lang.String")));
        assertThrows(ConfigurationException.class,
                () -> CdrPseudonymizer.forSpec(FixtureKeys.spec().withKekFactory("com.example.NoSuchFactory")));
        assertThrows(InvalidInputException.class, () -> FixtureKeys.spec().withKekFactory("not a class"));
        assertThrows(InvalidInputException.class, () -> CdrPseudonymizer.forSpec(null));
    }

    // --- making a spec ---

    @Test
    void rootKeysGivenInClear_cannotBeShippedToWorkers() {
        PseudonymKeys clear = PseudonymKeys.of(1, SecretBytes.copyOf(new byte[32]));
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> PseudonymizationSpec.of(CdrFixture.profile(), clear));
        assertTrue(e.getMessage().contains("wrapped"), e.getMessage());
        Pseudonyms service = Pseudonyms.create(clear, PseudonymAuthorizer.unrestricted(r -> { }));
        assertThrows(ConfigurationException.class, () -> service.spec(CdrFixture.profile(), "analytics", JOB));
    }

    @Test
    void theSpecIsGrantedOnceForTheJob_andAppliesTheProfileInTheContextGiven() {
        AtomicInteger decisions = new AtomicInteger();
        Pseudonyms service = Pseudonyms.create(FixtureKeys.keys(), new CountingAuthorizer(decisions, "fraud"));
        PseudonymizationSpec spec = service.spec(CdrFixture.profile(), "analytics", JOB);
        assertEquals(1, decisions.get());
        assertEquals("analytics", spec.context());
        CdrPseudonymizer worker = CdrPseudonymizer.forSpec(spec);
        for (int i = 0; i < 5; i++) {
            worker.pseudonymize(records().get(0));
        }
        assertEquals(1, decisions.get(), "workers do not ask again");

        PolicyViolationException refused = assertThrows(PolicyViolationException.class,
                () -> service.spec(CdrFixture.profile(), "fraud", JOB));
        assertFalse(refused.getMessage().contains("+40"));

        PseudonymizationSpec elsewhere = Pseudonyms.create(FixtureKeys.keys(), PseudonymAuthorizer.unrestricted(r -> { }))
                .spec(CdrFixture.profile(), "partner_export", JOB);
        assertEquals("partner_export", elsewhere.context());
        assertNotEquals(worker.pseudonymize(records().get(0)).caller(),
                CdrPseudonymizer.forSpec(elsewhere).pseudonymize(records().get(0)).caller(),
                "another context, other keys");
        assertThrows(InvalidInputException.class, () -> service.spec(null, "analytics", JOB));
        assertThrows(InvalidInputException.class, () -> service.spec(CdrFixture.profile(), "Analytics!", JOB));
        assertThrows(InvalidInputException.class, () -> service.spec(CdrFixture.profile(), "analytics", null));
    }

    @Test
    void aProfileTheWorkersCouldNotApply_failsWhenTheSpecIsMade() {
        Pseudonyms service = Pseudonyms.create(FixtureKeys.keys(), PseudonymAuthorizer.unrestricted(r -> { }));
        CdrProfile tooManyKept = CdrProfile.builder("analytics").numbers(NumberTechnique.ff1(6)).build();
        assertThrows(ConfigurationException.class, () -> service.spec(tooManyKept, "analytics", JOB));
    }

    @Test
    void theSpecShowsNothingSecret() throws Exception {
        PseudonymizationSpec spec = FixtureKeys.spec();
        String text = spec.toString();
        assertTrue(text.contains("analytics") && text.contains("fixture-kek") && text.contains(spec.id()), text);
        assertFalse(text.contains(spec.wrappedRootKey().ciphertext()), text);
        assertTrue(spec.id().matches("[0-9a-f]{16}"), spec.id());
        assertFalse(FixtureKeys.holdsKeyMaterial(serialize(spec)), "a serialized spec holds no key material");
        assertFalse(FixtureKeys.holdsKeyMaterial(serialize(spec.withKekFactory(FixtureKekFactory.class.getName()))));
        CdrPseudonymizer.forSpec(spec);
        assertFalse(FixtureKeys.holdsKeyMaterial(serialize(spec)), "nor after a worker opened it");
        assertSame(CdrPseudonymizer.forSpec(spec), CdrPseudonymizer.forSpec(spec));
    }

    /** The guard's negative control: it finds a secret however it is written into a stream. */
    @Test
    void theKeyMaterialGuard_findsSecretsRawHexOrBase64() {
        for (byte[] secret : FixtureKeys.keyMaterial()) {
            byte[] padded = new byte[secret.length + 7];
            System.arraycopy(secret, 0, padded, 5, secret.length);
            assertTrue(FixtureKeys.holdsKeyMaterial(padded));
            for (int prefix = 0; prefix < 3; prefix++) {
                byte[] shifted = new byte[secret.length + prefix];
                System.arraycopy(secret, 0, shifted, prefix, secret.length);
                String text = "key=" + java.util.Base64.getEncoder().encodeToString(shifted) + ";";
                assertTrue(FixtureKeys.holdsKeyMaterial(text.getBytes(StandardCharsets.US_ASCII)), "base64 " + prefix);
                String url = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(shifted);
                assertTrue(FixtureKeys.holdsKeyMaterial(url.getBytes(StandardCharsets.US_ASCII)), "base64url " + prefix);
            }
            String hex = java.util.HexFormat.of().formatHex(secret);
            assertTrue(FixtureKeys.holdsKeyMaterial(hex.getBytes(StandardCharsets.UTF_16BE)));
            assertTrue(FixtureKeys.holdsKeyMaterial(hex.toUpperCase(java.util.Locale.ROOT).getBytes(StandardCharsets.US_ASCII)));
        }
        assertFalse(FixtureKeys.holdsKeyMaterial(new byte[4096]));
    }

    /** Allows the forward direction in every context but one; counts its decisions. */
    private record CountingAuthorizer(AtomicInteger decisions, String refused) implements PseudonymAuthorizer {

        @Override
        public boolean requiresActor() {
            return true;
        }

        @Override
        public void authorizePseudonymization(Pseudonymization request) {
            decisions.incrementAndGet();
            if (request.context().equals(refused)) {
                throw new PolicyViolationException("no grant for " + request.context());
            }
        }

        @Override
        public void authorizeReidentification(Reidentification request) {
            throw new PolicyViolationException("never");
        }

        @Override
        public void recordReidentification(Reidentification request, String revealedValue) {
            throw new PolicyViolationException("never");
        }

        @Override
        public void recordUnboundRefusal(Technique technique, String context, java.util.Optional<SubjectId> erasureOf) {
        }

        @Override
        public void recordErasure(Pseudonymization by, SubjectId subject, int erased) {
        }
    }
}
