package ro.clickphone.privacy.spi.keys;

import java.util.Optional;
import ro.clickphone.privacy.spi.KeyUnavailableException;

/**
 * Opens the {@link KeyEncryptionKeyProvider} of a KEK id inside a worker JVM (a Kafka Streams
 * instance, a Spark executor) that was handed a {@code PseudonymizationSpec}: the spec names the KEK
 * and carries the wrapped keys, and the worker unwraps them with the provider this factory opens. A
 * KMS or HSM plugin ships one and registers it in
 * {@code META-INF/services/ro.clickphone.privacy.spi.keys.KeyEncryptionKeyProviderFactory} (or
 * {@code provides} in its module); a spec may instead name the factory class, which then needs a
 * public constructor without parameters.
 *
 * <p>Where the factory finds the KEK's credentials is its own business: the worker's environment,
 * a file the cluster mounts, the instance's role. Never from the spec, which travels with the job.
 *
 * <p><b>Contract:</b> thread-safe; {@link #open} returns empty for a KEK id the factory does not know,
 * so that several factories can sit side by side, and throws {@link KeyUnavailableException} when it
 * knows the id but cannot open it (credentials missing, KMS unreachable: retryable).
 *
 * @since 0.1.0
 */
public interface KeyEncryptionKeyProviderFactory {

    /**
     * The provider of a KEK, if this factory knows it.
     *
     * @param kekId the KEK id, as in {@link WrappedKey#kekId()}
     * @return the provider, or empty if this factory does not know the id
     * @throws KeyUnavailableException if it knows the id but cannot open the provider
     */
    Optional<KeyEncryptionKeyProvider> open(String kekId);
}
