package ro.clickphone.privacy.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.streams.Topology;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import ro.clickphone.privacy.crypto.cdr.fixture.FixtureKeys;
import ro.clickphone.privacy.spi.IntegrityException;
import ro.clickphone.privacy.spi.KeyUnavailableException;
import ro.clickphone.privacy.spi.PrivacyException;

/**
 * The attacker submits topologies (and so can edit the serialized supplier, spec and all) but
 * holds no root key: a supplier whose spec was edited to another context, a weaker technique or
 * another KEK is refused when the task initializes, before a record is read, with the typed
 * exception on the way out of the engine.
 */
class SpecIntegrityTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "context=analytics, context=analyticz, IntegrityException",
        "caller=ff1:3, caller=ff1:1, IntegrityException",
        "fixture-kek, fixture-kez, KeyUnavailableException"})
    void editedSupplier_isRefusedAtInit(String from, String to, String refusal) {
        CdrProcessorSupplier supplier = CdrProcessorSupplier.of(FixtureKeys.spec(), CdrStreamOptions.defaults(),
                "out", "dead");
        CdrProcessorSupplier forged = deserialize(replace(KeyMaterialGuardTest.serialize(supplier), from, to));
        assertFalse(forged.spec().equals(supplier.spec()), "the edit took");
        Topology topology = Harness.wiredByHand(forged);
        RuntimeException thrown = assertThrows(RuntimeException.class, () -> Harness.driver(topology).close());
        PrivacyException cause = privacyCause(thrown);
        Class<?> expected = "IntegrityException".equals(refusal) ? IntegrityException.class
                : KeyUnavailableException.class;
        assertEquals(expected, cause.getClass(), "refused with " + refusal);
        assertFalse(FixtureKeys.holdsKeyMaterial(cause.getMessage().getBytes(StandardCharsets.UTF_8)));
    }

    private static PrivacyException privacyCause(Throwable thrown) {
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            if (t instanceof PrivacyException privacy) {
                return privacy;
            }
        }
        throw new AssertionError("no PrivacyException in the chain", thrown);
    }

    private static byte[] replace(byte[] bytes, String from, String to) {
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
        assertTrue(found > 0, "the serialized supplier holds " + from);
        return edited;
    }

    private static CdrProcessorSupplier deserialize(byte[] bytes) {
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes))) {
            return (CdrProcessorSupplier) in.readObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ClassNotFoundException e) {
            throw new AssertionError(e);
        }
    }
}
