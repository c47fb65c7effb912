package ro.clickphone.privacy.crypto.cdr;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.lang.reflect.InvocationTargetException;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Iterator;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import ro.clickphone.privacy.crypto.pseudonym.PseudonymAuthorizer;
import ro.clickphone.privacy.crypto.pseudonym.PseudonymKeys;
import ro.clickphone.privacy.crypto.pseudonym.Pseudonymization;
import ro.clickphone.privacy.crypto.pseudonym.Pseudonyms;
import ro.clickphone.privacy.crypto.pseudonym.Reidentification;
import ro.clickphone.privacy.crypto.pseudonym.Technique;
import ro.clickphone.privacy.spi.ConfigurationException;
import ro.clickphone.privacy.spi.IntegrityException;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.KeyUnavailableException;
import ro.clickphone.privacy.spi.PolicyViolationException;
import ro.clickphone.privacy.spi.SubjectId;
import ro.clickphone.privacy.spi.keys.KeyEncryptionKeyProvider;
import ro.clickphone.privacy.spi.keys.KeyEncryptionKeyProviderFactory;

/**
 * The worker side of a {@link PseudonymizationSpec}: opens the KEK, unwraps the root key, checks the
 * seal and builds the pseudonymizer, once per JVM and spec. What it opened is kept while it is used
 * (dropped after {@link #IDLE} without use) and for at most {@link #KEPT} specs at once, so that every
 * task, partition and processor of a JVM shares one unwrapped key and one set of ciphers.
 */
final class SpecWorkers {

    /** How long an opened spec stays after its last use. */
    static final Duration IDLE = Duration.ofMinutes(10);
    /** How many opened specs a JVM keeps. */
    static final int KEPT = 16;

    private static final Cache<PseudonymizationSpec, CdrPseudonymizer> OPENED = Caffeine.newBuilder()
            .maximumSize(KEPT).expireAfterAccess(IDLE).build();

    private SpecWorkers() {
    }

    static CdrPseudonymizer open(PseudonymizationSpec spec) {
        if (spec == null) {
            throw new InvalidInputException("spec", "must not be null");
        }
        return OPENED.get(spec, SpecWorkers::unwrap);
    }

    /** For tests: forgets every opened spec, as a fresh JVM would. */
    static void forgetAll() {
        OPENED.invalidateAll();
    }

    private static CdrPseudonymizer unwrap(PseudonymizationSpec spec) {
        KeyEncryptionKeyProvider kek = provider(spec);
        PseudonymKeys keys = PseudonymKeys.ofWrapped(spec.keyVersion(), kek, spec.wrappedRootKey());
        byte[] expected = keys.seal(PseudonymizationSpec.SEAL_PURPOSE, spec.context(), spec.keyVersion(),
                spec.sealedBytes());
        if (!MessageDigest.isEqual(expected, spec.seal())) {
            throw new IntegrityException("The pseudonymization spec " + spec.id() + " does not match its seal: it was"
                    + " edited after the kit made it, or sealed under another root key; ask the kit for a new spec");
        }
        return CdrPseudonymizer.create(Pseudonyms.create(keys, WorkerAuthorizer.INSTANCE), spec.profile());
    }

    private static KeyEncryptionKeyProvider provider(PseudonymizationSpec spec) {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        if (loader == null) {
            loader = SpecWorkers.class.getClassLoader();
        }
        String kekId = spec.kekId();
        if (spec.kekFactory().isPresent()) {
            return named(spec.kekFactory().get(), loader).open(kekId).orElseThrow(() -> unknown(kekId,
                    "the factory " + spec.kekFactory().get() + " named by the spec does not know it"));
        }
        Iterator<KeyEncryptionKeyProviderFactory> factories = ServiceLoader
                .load(KeyEncryptionKeyProviderFactory.class, loader).iterator();
        try {
            while (factories.hasNext()) {
                Optional<KeyEncryptionKeyProvider> provider = factories.next().open(kekId);
                if (provider.isPresent()) {
                    return provider.get();
                }
            }
        } catch (ServiceConfigurationError e) {
            throw new ConfigurationException("A KeyEncryptionKeyProviderFactory registered on this worker cannot be"
                    + " loaded (" + e.getClass().getSimpleName() + "): check META-INF/services", e);
        }
        throw unknown(kekId, "no KeyEncryptionKeyProviderFactory registered on this worker (ServiceLoader) knows it;"
                + " add the KMS plugin's jar to the job, or name a factory with PseudonymizationSpec.withKekFactory");
    }

    private static KeyEncryptionKeyProviderFactory named(String className, ClassLoader loader) {
        try {
            Class<?> type = Class.forName(className, true, loader);
            if (!KeyEncryptionKeyProviderFactory.class.isAssignableFrom(type)) {
                throw new ConfigurationException("The KEK factory " + className + " named by the spec is not a"
                        + " KeyEncryptionKeyProviderFactory");
            }
            return (KeyEncryptionKeyProviderFactory) type.getConstructor().newInstance();
        } catch (ClassNotFoundException e) {
            throw new ConfigurationException("The KEK factory " + className + " named by the spec is not on this"
                    + " worker's class path", e);
        } catch (NoSuchMethodException | InstantiationException | IllegalAccessException
                | InvocationTargetException e) {
            throw new ConfigurationException("The KEK factory " + className + " named by the spec cannot be made ("
                    + e.getClass().getSimpleName() + "): it needs a public constructor without parameters", e);
        }
    }

    private static KeyUnavailableException unknown(String kekId, String why) {
        return new KeyUnavailableException("No provider for the KEK " + kekId + " of the pseudonymization spec: " + why,
                false, null);
    }

    /**
     * The authorizer of a worker's pseudonymizer: the forward grant was checked and audited by the
     * kit that made the spec, once per job; a worker never re-identifies.
     */
    private static final class WorkerAuthorizer implements PseudonymAuthorizer {

        static final WorkerAuthorizer INSTANCE = new WorkerAuthorizer();

        @Override
        public boolean requiresActor() {
            return false;
        }

        @Override
        public void authorizePseudonymization(Pseudonymization request) {
            // Granted and audited when the kit made the spec.
        }

        @Override
        public void authorizeReidentification(Reidentification request) {
            throw new PolicyViolationException("A worker built from a PseudonymizationSpec only pseudonymizes;"
                    + " re-identify through the kit");
        }

        @Override
        public void recordReidentification(Reidentification request, String revealedValue) {
            throw new PolicyViolationException("A worker built from a PseudonymizationSpec only pseudonymizes");
        }

        @Override
        public void recordUnboundRefusal(Technique technique, String context, Optional<SubjectId> erasureOf) {
            // Never called: no actor is required.
        }

        @Override
        public void recordErasure(Pseudonymization by, SubjectId subject, int erased) {
            throw new PolicyViolationException("A worker built from a PseudonymizationSpec does not erase");
        }

        @Override
        public String toString() {
            return "PseudonymAuthorizer[spec worker: forward only]";
        }
    }
}
