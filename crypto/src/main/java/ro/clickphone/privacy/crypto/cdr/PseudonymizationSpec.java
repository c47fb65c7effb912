package ro.clickphone.privacy.crypto.cdr;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InvalidObjectException;
import java.io.ObjectInputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import ro.clickphone.privacy.crypto.pseudonym.PseudonymKeys;
import ro.clickphone.privacy.crypto.pseudonym.Pseudonyms;
import ro.clickphone.privacy.spi.ConfigurationException;
import ro.clickphone.privacy.spi.Experimental;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.IntegrityException;
import ro.clickphone.privacy.spi.keys.KeyEncryptionKeyProviderFactory;
import ro.clickphone.privacy.spi.keys.WrappedKey;

/**
 * What a worker JVM (a Kafka Streams instance, a Spark executor) needs to pseudonymize CDRs as the
 * kit would, and nothing secret: the {@link CdrProfile}, its context, the pseudonym root key version
 * new pseudonyms are made with and that root key <em>wrapped</em> under a named key-encryption key,
 * plus a seal. Made once per job or topology start by {@link Pseudonyms#spec(CdrProfile, String,
 * ro.clickphone.privacy.spi.Actor) kit.pseudonyms().spec(profile, context, actor)}, which checks and
 * audits the actor's forward grant for the context; shipped inside the job's functions; opened on
 * each worker with {@link CdrPseudonymizer#forSpec(PseudonymizationSpec)}, which unwraps the root key
 * once per JVM through the KEK provider a {@link KeyEncryptionKeyProviderFactory} opens there.
 *
 * <pre>{@code
 * PseudonymizationSpec spec = kit.pseudonyms().spec(profile, "analytics", Actor.system("cdr-lake", Set.of("ANALYTICS_JOB")));
 * // ... on a worker, inside a partition or a processor's init():
 * CdrPseudonymizer cdrs = CdrPseudonymizer.forSpec(spec);
 * }</pre>
 *
 * <p><b>Only the current version travels.</b> A worker only pseudonymizes (it never re-identifies),
 * so it needs only the root key version new pseudonyms are made with; older versions stay where
 * they are. The version is fixed when the spec is made: a job's output does not change key halfway
 * through when the root key is rotated, and a rotation takes effect at the next job or topology start.
 *
 * <p><b>The seal.</b> The spec is sealed with HMAC-SHA256 under a key derived from the root key it
 * carries (see {@link PseudonymKeys#seal}); the worker checks the seal after unwrapping and refuses
 * an edited spec with {@link IntegrityException}. Whoever can submit jobs but does not hold the root
 * key therefore cannot turn a spec granted for {@code analytics} into one for {@code fraud}, swap in
 * another wrapped key or weaken the profile (exact times, kept digits). The KEK factory class name
 * ({@link #withKekFactory}) is deployment configuration and is not sealed: factory classes are code on
 * the worker's class path, trusted like the rest of it.
 *
 * <p>Immutable and thread-safe; Java-serializable, and Kryo-serializable field by field (the decoded
 * profile is transient and decoded again where needed). {@code toString()} names the context and
 * versions only.
 *
 * @since 0.1.0
 */
@Experimental("the scale-out issue's engine modules are its first users")
public final class PseudonymizationSpec implements Serializable {

    private static final long serialVersionUID = 1L;
    private static final String SEALED_FORMAT = "clickphone-cdr-spec/v1";
    /** The purpose the seal key is derived for, in {@link PseudonymKeys#seal}. */
    static final String SEAL_PURPOSE = "cdr_spec";
    private static final int SEAL_BYTES = 32;

    /** The profile's canonical text ({@code cdr-profile/v1}, one {@code name=value} line per component). */
    private final String profileText;
    /** The id of the KEK that wrapped the root key. */
    private final String kekId;
    /** The KEK version that wrapped it. */
    private final int kekVersion;
    /** The wrapped root key, Base64. */
    private final String wrappedRootKey;
    /** The pseudonym root key version. */
    private final int keyVersion;
    /** The KEK factory class name, or null to use {@link java.util.ServiceLoader}. */
    private final String kekFactory;
    /** HMAC-SHA256 over everything but the factory name, under a key derived from the root key. */
    private final byte[] seal;
    private transient volatile CdrProfile profile;

    private PseudonymizationSpec(String profileText, WrappedKey wrapped, int keyVersion, String kekFactory,
            byte[] seal) {
        this.profileText = profileText;
        this.kekId = wrapped.kekId();
        this.kekVersion = wrapped.kekVersion();
        this.wrappedRootKey = wrapped.ciphertext();
        this.keyVersion = keyVersion;
        this.kekFactory = kekFactory;
        this.seal = seal;
    }

    /**
     * Makes a spec outside a kit, from the root keys themselves: whoever holds them may pseudonymize
     * in every context anyway. Inside a kit use {@code kit.pseudonyms().spec(profile, context, actor)},
     * which checks and audits the grant.
     *
     * @param profile the profile, in the context its pseudonyms are made in
     * @param keys the pseudonym root keys, whose current version was given wrapped
     *     ({@link PseudonymKeys#ofWrapped}, {@link PseudonymKeys#withWrappedVersion})
     * @return the sealed spec
     * @throws InvalidInputException if an argument is null
     * @throws ConfigurationException if the current root key version was given in clear: a worker can
     *     only be handed a wrapped key
     */
    public static PseudonymizationSpec of(CdrProfile profile, PseudonymKeys keys) {
        if (profile == null || keys == null) {
            throw new InvalidInputException("spec", "profile and keys must be given");
        }
        int version = keys.currentVersion();
        WrappedKey wrapped = keys.wrapped(version).orElseThrow(() -> new ConfigurationException("Pseudonym root key"
                + " version " + version + " was given in clear; worker JVMs can only be handed a wrapped root key:"
                + " keep it wrapped (PseudonymKeys.newWrappedRootKey) and load it with PseudonymKeys.ofWrapped"));
        String text = ProfileText.encode(profile);
        byte[] seal = keys.seal(SEAL_PURPOSE, profile.context(), version, sealed(text, wrapped, version));
        return new PseudonymizationSpec(text, wrapped, version, null, seal);
    }

    /**
     * The same spec with the class name of the {@link KeyEncryptionKeyProviderFactory} that workers
     * use to open the KEK, instead of looking one up with {@link java.util.ServiceLoader}. The class
     * needs a public constructor without parameters. Not sealed: it is deployment configuration.
     *
     * @param className a fully qualified class name
     * @return the spec naming that factory
     * @throws InvalidInputException if the name is not a Java class name
     */
    public PseudonymizationSpec withKekFactory(String className) {
        if (className == null || !className.matches("[\\p{javaJavaIdentifierStart}][\\p{javaJavaIdentifierPart}.$]{0,255}")) {
            throw new InvalidInputException("kekFactory", "must be a fully qualified Java class name");
        }
        return new PseudonymizationSpec(profileText, wrappedRootKey(), keyVersion, className, seal);
    }

    /** The bytes the seal covers: everything but the factory name, each part length-prefixed. */
    private static byte[] sealed(String profileText, WrappedKey wrapped, int keyVersion) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(profileText.length() + wrapped.ciphertext().length()
                + 64);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeUTF(SEALED_FORMAT);
            out.writeUTF(profileText);
            out.writeUTF(wrapped.kekId());
            out.writeInt(wrapped.kekVersion());
            out.writeUTF(wrapped.ciphertext());
            out.writeInt(keyVersion);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** For the worker: the bytes the seal covers. */
    byte[] sealedBytes() {
        return sealed(profileText, wrappedRootKey(), keyVersion);
    }

    /** For the worker: the seal, a copy. */
    byte[] seal() {
        return seal.clone();
    }

    /**
     * The CDR profile the workers apply.
     *
     * @return the profile
     * @throws IntegrityException if the carried profile text was edited into one no kit writes
     */
    public CdrProfile profile() {
        CdrProfile decoded = profile;
        if (decoded == null) {
            decoded = ProfileText.decode(profileText);
            profile = decoded;
        }
        return decoded;
    }

    /**
     * The pseudonymization context (the profile's).
     *
     * @return the context
     */
    public String context() {
        return profile().context();
    }

    /**
     * The id of the key-encryption key that wrapped the root key.
     *
     * @return the KEK id
     */
    public String kekId() {
        return kekId;
    }

    /**
     * The pseudonym root key version the workers make pseudonyms with.
     *
     * @return the version
     */
    public int keyVersion() {
        return keyVersion;
    }

    /**
     * The root key, wrapped: useless without the KEK.
     *
     * @return the wrapped root key
     */
    public WrappedKey wrappedRootKey() {
        return new WrappedKey(kekId, kekVersion, wrappedRootKey);
    }

    /**
     * The factory class the workers open the KEK with, if named.
     *
     * @return the class name, or empty to look one up with {@link java.util.ServiceLoader}
     */
    public Optional<String> kekFactory() {
        return Optional.ofNullable(kekFactory);
    }

    /**
     * A short id of this spec (the first bytes of its seal, in hex) for logs and run records: not
     * secret, and different for every spec a kit makes with other contents.
     *
     * @return 16 hexadecimal digits
     */
    public String id() {
        return HexFormat.of().formatHex(seal, 0, 8);
    }

    /**
     * Reads a spec and checks its shape; the seal is checked where the root key is unwrapped.
     *
     * @param in the stream
     * @throws IOException if the stream fails or the spec is incomplete ({@link InvalidObjectException})
     * @throws ClassNotFoundException if a class of the stream is missing
     */
    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
        in.defaultReadObject();
        try {
            if (profileText == null || seal == null || seal.length != SEAL_BYTES || keyVersion < 1
                    || keyVersion > PseudonymKeys.MAX_VERSION) {
                throw new InvalidInputException("spec", "is incomplete");
            }
            wrappedRootKey();
        } catch (InvalidInputException e) {
            InvalidObjectException invalid = new InvalidObjectException("Not a PseudonymizationSpec a kit wrote: "
                    + e.getMessage());
            invalid.initCause(e);
            throw invalid;
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof PseudonymizationSpec spec && keyVersion == spec.keyVersion
                && kekVersion == spec.kekVersion && profileText.equals(spec.profileText) && kekId.equals(spec.kekId)
                && wrappedRootKey.equals(spec.wrappedRootKey) && Objects.equals(kekFactory, spec.kekFactory)
                && Arrays.equals(seal, spec.seal);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(seal) * 31 + Objects.hash(profileText, kekId, kekVersion, keyVersion, kekFactory);
    }

    @Override
    public String toString() {
        String context;
        try {
            context = context();
        } catch (IntegrityException e) {
            context = "(malformed profile)";
        }
        return "PseudonymizationSpec[" + context + ", pseudonym key v" + keyVersion + ", KEK " + kekId + " v"
                + kekVersion + ", id " + id() + "]";
    }
}
