package ro.clickphone.privacy.crypto.cdr;

import java.time.Instant;
import java.util.Optional;
import java.util.function.UnaryOperator;
import ro.clickphone.privacy.crypto.mask.Masking;
import ro.clickphone.privacy.crypto.pseudonym.Generalization;
import ro.clickphone.privacy.crypto.pseudonym.IpPseudonymizer;
import ro.clickphone.privacy.crypto.pseudonym.KeyedTokens;
import ro.clickphone.privacy.crypto.pseudonym.PhoneOptions;
import ro.clickphone.privacy.crypto.pseudonym.PhonePseudonymizer;
import ro.clickphone.privacy.crypto.pseudonym.Pseudonyms;
import ro.clickphone.privacy.spi.Experimental;
import ro.clickphone.privacy.spi.InvalidInputException;

/**
 * Pseudonymizes whole {@link CallDetailRecord}s by a {@link CdrProfile}. Everything is prepared
 * once: the derived keys, the FF1 and Crypto-PAn engines (whose ciphers live per thread), the
 * token MACs. A record costs no cipher allocation.
 *
 * <pre>{@code
 * CdrPseudonymizer cdrs = CdrPseudonymizer.create(kit.pseudonyms(), profile);
 * PseudonymizedCdr out = cdrs.pseudonymize(record);
 * }</pre>
 *
 * <p>Thread-safe.
 *
 * @since 0.1.0
 */
@Experimental("the scale-out issue adds a serializable spec for Kafka Streams and Spark workers")
public final class CdrPseudonymizer {

    private final CdrProfile profile;
    private final UnaryOperator<String> caller;
    private final UnaryOperator<String> callee;
    private final UnaryOperator<String> forwardedTo;
    private final UnaryOperator<String> smsDestination;
    private final UnaryOperator<String> deviceIp;

    private CdrPseudonymizer(Pseudonyms pseudonyms, CdrProfile profile) {
        this.profile = profile;
        this.caller = number(pseudonyms, profile, profile.caller());
        this.callee = number(pseudonyms, profile, profile.callee());
        this.forwardedTo = number(pseudonyms, profile, profile.forwardedTo());
        this.smsDestination = number(pseudonyms, profile, profile.smsDestination());
        this.deviceIp = ip(pseudonyms, profile, profile.deviceIp());
    }

    /**
     * Prepares a pseudonymizer.
     *
     * @param pseudonyms the pseudonymization service (the kit's)
     * @param profile the profile
     * @return the pseudonymizer
     * @throws InvalidInputException if an argument is null
     * @throws ro.clickphone.privacy.spi.ConfigurationException if an FF1 technique keeps so many
     *     digits that fewer than 6 are left to encrypt
     */
    public static CdrPseudonymizer create(Pseudonyms pseudonyms, CdrProfile profile) {
        if (pseudonyms == null || profile == null) {
            throw new InvalidInputException("pseudonymizer", "pseudonyms and profile must be given");
        }
        return new CdrPseudonymizer(pseudonyms, profile);
    }

    private static UnaryOperator<String> number(Pseudonyms pseudonyms, CdrProfile profile, NumberTechnique technique) {
        String region = profile.defaultRegion();
        if (technique instanceof NumberTechnique.Ff1 ff1) {
            PhonePseudonymizer phones = pseudonyms.phone(profile.context(),
                    new PhoneOptions(region, ff1.keepLeadingDigits()));
            return phones::pseudonymize;
        }
        if (technique instanceof NumberTechnique.Token token) {
            KeyedTokens tokens = pseudonyms.tokens(profile.context(), token.format());
            return value -> tokens.phoneToken(value, region);
        }
        if (technique instanceof NumberTechnique.Mask) {
            return value -> Masking.phone(value, region);
        }
        return null;
    }

    private static UnaryOperator<String> ip(Pseudonyms pseudonyms, CdrProfile profile, IpTechnique technique) {
        if (technique instanceof IpTechnique.CryptoPan) {
            IpPseudonymizer ips = pseudonyms.ip(profile.context());
            return ips::pseudonymize;
        }
        if (technique instanceof IpTechnique.Truncate truncate) {
            return value -> Generalization.ipPrefix(value, truncate.ipv4Bits(), truncate.ipv6Bits());
        }
        if (technique instanceof IpTechnique.Mask) {
            return Masking::ip;
        }
        return null;
    }

    /**
     * Pseudonymizes a record.
     *
     * @param record the record
     * @return the pseudonymized record
     * @throws InvalidInputException naming the field whose value is invalid (an invalid number,
     *     an unknown country, a malformed address); never repeating the value
     */
    public PseudonymizedCdr pseudonymize(CallDetailRecord record) {
        if (record == null) {
            throw new InvalidInputException("record", "must not be null");
        }
        Optional<String> outCaller = apply("caller", caller, Optional.of(record.caller()));
        Optional<String> outCallee = apply("callee", callee, record.callee());
        Optional<String> outForwarded = apply("forwardedTo", forwardedTo, record.forwardedTo());
        Optional<String> outSms = apply("smsDestination", smsDestination, record.smsDestination());
        Optional<String> outIp = apply("deviceIp", deviceIp, record.deviceIp());
        Optional<Instant> start = !profile.keepStart() ? Optional.empty()
                : Optional.of(profile.startGranularity()
                        .map(g -> Generalization.truncate(record.start(), g, profile.zone())).orElse(record.start()));
        Optional<String> duration = !profile.keepDuration() ? Optional.empty()
                : Optional.of(profile.durationBuckets().map(b -> b.bucket(record.duration()))
                        .orElse(Long.toString(record.duration().getSeconds())));
        return new PseudonymizedCdr(record.recordId(), record.type(), record.direction(), outCaller, outCallee,
                outForwarded, outSms, start, duration, outIp);
    }

    private static Optional<String> apply(String field, UnaryOperator<String> technique, Optional<String> value) {
        if (technique == null || value.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(technique.apply(value.get()));
        } catch (InvalidInputException e) {
            throw new InvalidInputException(field, e.rule());
        }
    }

    /**
     * The profile applied.
     *
     * @return the profile
     */
    public CdrProfile profile() {
        return profile;
    }

    @Override
    public String toString() {
        return "CdrPseudonymizer[" + profile.context() + "]";
    }
}
