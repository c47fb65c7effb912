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
import java.util.Set;
import ro.clickphone.privacy.crypto.pseudonym.PseudonymAuthorizer;
import ro.clickphone.privacy.crypto.pseudonym.PseudonymKeys;
import ro.clickphone.privacy.crypto.pseudonym.Pseudonymization;
import ro.clickphone.privacy.crypto.pseudonym.Pseudonyms;
import ro.clickphone.privacy.crypto.pseudonym.Reidentification;
import ro.clickphone.privacy.crypto.pseudonym.Technique;
import ro.clickphone.privacy.spi.Actor;
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

    /** The actor a worker's service is bound to: the grant was the kit's, for the spec's context. */
    private static final Actor WORKER = Actor.system("spec-worker", Set.of("PSEUDONYMIZATION_SPEC"));

    private static final Cache<PseudonymizationSpec, CdrPseudonymizer> OPENED = Caffeine.newBuilder()
            .maximumSize(KEPT).expireAfterAccess(IDLE).build();

    private SpecWorkers() {
    }

    static CdrPseudonymizer open(PseudonymizationSpec spec) {
        if (spec == null) {
            throw new InvalidInputException("spec", "must not be null");
        }
        spec.checkShape();
        return OPENED.get(spec, SpecWorkers::unwrap);
    }

    /** For tests: forgets every opened spec, as a fresh JVM would. */
    static void forgetAll() {
        OPENED.invalidateAll();
    }

    private static CdrPseudonymizer unwrap(PseudonymizationSpec spec) {
        CdrProfile carried = spec.profile();
        KeyEncryptionKeyProvider kek = provider(spec);
        PseudonymKeys keys = PseudonymKeys.ofWrapped(spec.keyVersion(), kek, spec.wrappedRootKey());
        byte[] expected = keys.seal(PseudonymizationSpec.SEAL_PURPOSE, spec.context(), spec.keyVersion(),
                spec.sealedBytes());
        if (!MessageDigest.isEqual(expected, spec.seal())) {
            throw new IntegrityException("The pseudonymization spec " + spec.id() + " does not match its seal: it was"
                    + " edited after the kit made it, or sealed under another root key; ask the kit for a new spec");
        }
        Pseudonyms forward = Pseudonyms.create(keys, new WorkerAuthorizer(carried.context())).as(WORKER);
        return CdrPseudonymizer.create(forward, carried);
    }

    private static KeyEncryptionKeyProvider provider(PseudonymizationSpec spec) {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        if (loader == null) {
            loader = SpecWorkers.class.getClassLoader();
        }
        String kekId = spec.kekId();
        if (spec.kekFactory().isPresent()) {
            return named(spec.kekFactory().get(), loader).open(kekId).orElseThrow(() -> unknown(kekId,
                    "the factory named by the spec does not know it"));
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

    /**
     * The factory class the spec names: loaded without initialising it, checked to implement the
     * factory interface, only then made. Messages do not repeat the name (the spec is not sealed there).
     */
    private static KeyEncryptionKeyProviderFactory named(String className, ClassLoader loader) {
        Class<?> type;
        try {
            type = Class.forName(className, false, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            throw new ConfigurationException("The KEK factory class named by the spec is not on this worker's class"
                    + " path (" + e.getClass().getSimpleName() + ")", e);
        }
        if (!KeyEncryptionKeyProviderFactory.class.isAssignableFrom(type)) {
            throw new ConfigurationException("The KEK factory class named by the spec is not a"
                    + " KeyEncryptionKeyProviderFactory");
        }
        try {
            return (KeyEncryptionKeyProviderFactory) type.getConstructor().newInstance();
        } catch (NoSuchMethodException | InstantiationException | IllegalAccessException
                | InvocationTargetException | LinkageError e) {
            throw new ConfigurationException("The KEK factory class named by the spec cannot be made ("
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
    static final class WorkerAuthorizer implements PseudonymAuthorizer {

        /** The one context the kit granted. */
        private final String context;

        WorkerAuthorizer(String context) {
            this.context = context;
        }

        @Override
        public boolean requiresActor() {
            return true;
        }


        @Override
        public void authorizePseudonymization(Pseudonymization request) {
            // Granted and audited when the kit made the spec, for its context alone.
            if (!context.equals(request.context())) {
                throw new PolicyViolationException("A worker built from a PseudonymizationSpec pseudonymizes in the"
                        + " spec's context only");
            }
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
            // Nothing to record: the worker's service is always bound to WORKER.
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
