package ro.clickphone.privacy.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ro.clickphone.privacy.core.PrivacyKit;
import ro.clickphone.privacy.core.access.AccessPolicy;
import ro.clickphone.privacy.core.policy.Policy;
import ro.clickphone.privacy.crypto.cdr.CallDetailRecord;
import ro.clickphone.privacy.crypto.cdr.CdrProfile;
import ro.clickphone.privacy.crypto.cdr.CdrPseudonymizer;
import ro.clickphone.privacy.crypto.cdr.IpTechnique;
import ro.clickphone.privacy.crypto.cdr.NumberTechnique;
import ro.clickphone.privacy.crypto.cdr.PseudonymizationSpec;
import ro.clickphone.privacy.crypto.cdr.PseudonymizedCdr;
import ro.clickphone.privacy.crypto.cdr.fixture.CdrFixture;
import ro.clickphone.privacy.crypto.kek.Pkcs12KeyEncryptionKeyProvider;
import ro.clickphone.privacy.crypto.kek.Pkcs12KeyEncryptionKeyProviderFactory;
import ro.clickphone.privacy.crypto.pseudonym.PseudonymKeys;
import ro.clickphone.privacy.crypto.pseudonym.TimeGranularity;
import ro.clickphone.privacy.spi.Actor;
import ro.clickphone.privacy.spi.Purpose;
import ro.clickphone.privacy.spi.keys.KeyEncryptionKeyProvider;
import ro.clickphone.privacy.spi.keys.WrappedKey;
import ro.clickphone.privacy.spi.memory.InMemoryStores;

/**
 * The README's scale-out snippet (section "Scale-out: Kafka Streams and Spark"), line for line as
 * {@code ReadmeSnippetsTest} in examples checks it, run for real: a kit makes the spec from a
 * PKCS#12 KEK, and the topology's worker opens that KEK from its own settings (the system
 * properties of {@link Pkcs12KeyEncryptionKeyProviderFactory}, found with {@code ServiceLoader}),
 * never from the spec. The whole fixture goes through and comes out as the kit itself pseudonymizes it.
 */
class ReadmeScaleOutTest {

    @Test
    void readme_kitMakesTheSpec_andTheTopologyPseudonymizesAsTheKit(@TempDir Path dir) throws Exception {
        Path path = dir.resolve("kek.p12");
        char[] password = "pw".toCharArray();
        Pkcs12KeyEncryptionKeyProvider.create(path, password, "clickphone-kek");
        Path passwordFile = Files.writeString(dir.resolve("kek-password.txt"), "pw", StandardCharsets.UTF_8);
        WrappedKey wrappedRootKey = PseudonymKeys.newWrappedRootKey(
                Pkcs12KeyEncryptionKeyProvider.open(path, password, "clickphone-kek"));

        // the README's block, on the side that holds the kit
        KeyEncryptionKeyProvider kek = Pkcs12KeyEncryptionKeyProvider.open(path, password, "clickphone-kek");
        PrivacyKit kit = PrivacyKit.builder()
                .policy(Policy.clickPhoneDefault())
                .stores(InMemoryStores.create())
                .pseudonymization(PseudonymKeys.ofWrapped(1, kek, wrappedRootKey))
                .accessPolicy(AccessPolicy.builder()
                        .grant("ANALYTICS_JOB", Purpose.of("SERVICE_PROVISION"))
                        .grantPseudonymization("ANALYTICS_JOB", "analytics")
                        .build())
                .build();
        CdrProfile profile = CdrProfile.builder("analytics")
                .numbers(NumberTechnique.ff1(3))
                .deviceIp(IpTechnique.cryptoPan())
                .startTime(TimeGranularity.HOUR)
                .build();
        Actor job = Actor.system("cdr-stream", Set.of("ANALYTICS_JOB"));
        PseudonymizationSpec spec = kit.pseudonyms().spec(profile, "analytics", job);
        Topology topology = CdrTopology.addPseudonymizer(new Topology(), spec, "cdrs", "cdrs-pseudonymized", "cdrs-rejected");

        // the worker's side: its own KEK settings, as CLICKPHONE_PRIVACY_KEK_PKCS12 and
        // CLICKPHONE_PRIVACY_KEK_PASSWORD_FILE would give them
        System.setProperty(Pkcs12KeyEncryptionKeyProviderFactory.FILE_PROPERTY, path.toString());
        System.setProperty(Pkcs12KeyEncryptionKeyProviderFactory.PASSWORD_FILE_PROPERTY, passwordFile.toString());
        List<TestRecord<byte[], byte[]>> outputs;
        List<TestRecord<byte[], byte[]>> letters;
        try (Harness harness = new Harness(topology)) {
            long timestamp = 0;
            for (String line : CdrFixture.lines()) {
                harness.pipe(null, line, timestamp++);
            }
            outputs = harness.outputs();
            letters = harness.deadLetters();
        } finally {
            System.clearProperty(Pkcs12KeyEncryptionKeyProviderFactory.FILE_PROPERTY);
            System.clearProperty(Pkcs12KeyEncryptionKeyProviderFactory.PASSWORD_FILE_PROPERTY);
        }

        // what the kit itself makes of the fixture, read as the Serdes read it
        CdrPseudonymizer inKit = CdrPseudonymizer.create(kit.pseudonyms().as(job), profile);
        Deserializer<CallDetailRecord> records = CdrSerdes.records(CdrFormat.CSV).deserializer();
        Deserializer<PseudonymizedCdr> pseudonymized = CdrSerdes.pseudonymized(CdrFormat.CSV).deserializer();
        List<PseudonymizedCdr> expected = new ArrayList<>();
        for (String line : CdrFixture.lines()) {
            try {
                expected.add(inKit.pseudonymize(records.deserialize("cdrs", Harness.bytes(line))));
            } catch (RuntimeException rejected) {
                // a dead letter below
            }
        }
        assertEquals(CdrFixture.acceptedCount(), expected.size());
        List<PseudonymizedCdr> got = new ArrayList<>();
        for (TestRecord<byte[], byte[]> record : outputs) {
            PseudonymizedCdr cdr = pseudonymized.deserialize("cdrs-pseudonymized", record.value());
            assertEquals(cdr.recordId(), Harness.text(record.key()), "keyed by the record id");
            got.add(cdr);
        }
        assertEquals(expected, got);

        Map<Long, String> rejected = new TreeMap<>();
        for (TestRecord<byte[], byte[]> record : letters) {
            DeadLetter letter = Harness.letter(record);
            rejected.put(letter.offset() + 1, letter.column());
        }
        assertEquals(new TreeMap<>(CdrFixture.rejectedColumns()), rejected);
    }
}
