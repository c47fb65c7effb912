package ro.clickphone.privacy.crypto.cdr;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
import ro.clickphone.privacy.spi.IntegrityException;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.KeyUnavailableException;

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
 * <p>For a bulk job over many records whose numbers repeat (a customer's own number is on every
 * row of their calls), {@link #job(int)} opens a {@link CdrJob} with a bounded memo of pseudonyms
 * that lives and dies with the job.
 *
 * <p>Thread-safe.
 *
 * @since 0.1.0
 */
@Experimental("the scale-out issue's engine modules are the first users of forSpec")
public final class CdrPseudonymizer {

    private final CdrProfile profile;
    private final UnaryOperator<String> caller;
    private final UnaryOperator<String> callee;
    private final UnaryOperator<String> forwardedTo;
    private final UnaryOperator<String> smsDestination;
    private final UnaryOperator<String> deviceIp;
    /** The distinct number operators: fields with equal techniques share one, and a job one memo. */
    private final List<UnaryOperator<String>> numberOperators;
    /** Per number field (caller, callee, forwarded, SMS destination): its index in {@link #numberOperators}, or -1. */
    private final int[] memoIndex;

    private CdrPseudonymizer(Pseudonyms pseudonyms, CdrProfile profile) {
        this.profile = profile;
        Map<NumberTechnique, UnaryOperator<String>> byTechnique = new HashMap<>();
        this.caller = shared(byTechnique, pseudonyms, profile, profile.caller());
        this.callee = shared(byTechnique, pseudonyms, profile, profile.callee());
        this.forwardedTo = shared(byTechnique, pseudonyms, profile, profile.forwardedTo());
        this.smsDestination = shared(byTechnique, pseudonyms, profile, profile.smsDestination());
        this.deviceIp = ip(pseudonyms, profile, profile.deviceIp());
        List<UnaryOperator<String>> distinct = new ArrayList<>();
        List<UnaryOperator<String>> fields = new ArrayList<>();
        fields.add(caller);
        fields.add(callee);
        fields.add(forwardedTo);
        fields.add(smsDestination);
        this.memoIndex = new int[fields.size()];
        for (int i = 0; i < fields.size(); i++) {
            UnaryOperator<String> operator = fields.get(i);
            int at = -1;
            for (int j = 0; j < distinct.size() && operator != null; j++) {
                if (distinct.get(j) == operator) {
                    at = j;
                }
            }
            if (operator != null && at < 0) {
                distinct.add(operator);
                at = distinct.size() - 1;
            }
            memoIndex[i] = at;
        }
        this.numberOperators = List.copyOf(distinct);
    }

    private static UnaryOperator<String> shared(Map<NumberTechnique, UnaryOperator<String>> byTechnique,
            Pseudonyms pseudonyms, CdrProfile profile, NumberTechnique technique) {
        if (byTechnique.containsKey(technique)) {
            return byTechnique.get(technique);
        }
        UnaryOperator<String> operator = number(pseudonyms, profile, technique);
        byTechnique.put(technique, operator);
        return operator;
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

    /**
     * The pseudonymizer a {@link PseudonymizationSpec} describes, for a worker JVM (a Kafka Streams
     * processor's {@code init()}, a Spark partition): the first call in a JVM finds the KEK provider
     * (the spec's {@linkplain PseudonymizationSpec#withKekFactory named factory}, else the
     * {@link ro.clickphone.privacy.spi.keys.KeyEncryptionKeyProviderFactory} registered with
     * {@link java.util.ServiceLoader} that knows the spec's KEK id), unwraps the root key, checks the
     * spec's seal and prepares the ciphers; later calls with an equal spec return the same instance.
     * The JVM keeps up to 16 opened specs, each until it has not been used for 10 minutes.
     *
     * <p>The pseudonymizer only goes forward: its pseudonymizers refuse every re-identification.
     *
     * @param spec the spec the kit made
     * @return the shared, thread-safe pseudonymizer
     * @throws InvalidInputException if {@code spec} is null
     * @throws KeyUnavailableException if no factory opens the spec's KEK, or the provider cannot unwrap
     *     (retryable when the KMS is unreachable)
     * @throws IntegrityException if the spec was edited after the kit made it (its seal does not
     *     match), or its wrapped key is not a pseudonym root key
     * @throws ro.clickphone.privacy.spi.ConfigurationException if the named factory cannot be made, or a
     *     registered one cannot be loaded
     */
    public static CdrPseudonymizer forSpec(PseudonymizationSpec spec) {
        return SpecWorkers.open(spec);
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
        return pseudonymize(record, null);
    }

    /**
     * Opens a job: a run over many records that may remember the pseudonyms of the numbers it
     * meets, up to a bound, until it is closed. See {@link CdrJob} for the trade-off.
     *
     * @param memoEntries the most numbers remembered per number technique of the profile (a
     *     profile has at most four): 0 remembers none, else 2 to {@value CdrJob#MAX_MEMO_ENTRIES},
     *     rounded down to a power of two
     * @return the job, to close when the run ends
     * @throws InvalidInputException if the bound is 1, negative or above {@value CdrJob#MAX_MEMO_ENTRIES}
     */
    public CdrJob job(int memoEntries) {
        if (memoEntries < 0 || memoEntries == 1 || memoEntries > CdrJob.MAX_MEMO_ENTRIES) {
            throw new InvalidInputException("memoEntries", "must be 0 (no memo) or between 2 and "
                    + CdrJob.MAX_MEMO_ENTRIES);
        }
        PseudonymMemo[] memos = new PseudonymMemo[memoEntries == 0 ? 0 : numberOperators.size()];
        for (int i = 0; i < memos.length; i++) {
            memos[i] = new PseudonymMemo(memoEntries);
        }
        return new CdrJob(this, memos);
    }

    /** The record, with a job's memos (one per distinct number operator) or none ({@code null} or empty). */
    PseudonymizedCdr pseudonymize(CallDetailRecord record, PseudonymMemo[] memos) {
        if (record == null) {
            throw new InvalidInputException("record", "must not be null");
        }
        Optional<String> outCaller = apply("caller", caller, Optional.of(record.caller()), memo(memos, 0));
        Optional<String> outCallee = apply("callee", callee, record.callee(), memo(memos, 1));
        Optional<String> outForwarded = apply("forwardedTo", forwardedTo, record.forwardedTo(), memo(memos, 2));
        Optional<String> outSms = apply("smsDestination", smsDestination, record.smsDestination(), memo(memos, 3));
        Optional<String> outIp = apply("deviceIp", deviceIp, record.deviceIp(), null);
        Optional<Instant> start;
        if (!profile.keepStart()) {
            start = Optional.empty();
        } else if (profile.startGranularity().isPresent()) {
            start = Optional.of(Generalization.truncate(record.start(), profile.startGranularity().get(),
                    profile.zone()));
        } else {
            start = Optional.of(record.start());
        }
        Optional<String> duration;
        if (!profile.keepDuration()) {
            duration = Optional.empty();
        } else if (profile.durationBuckets().isPresent()) {
            duration = Optional.of(profile.durationBuckets().get().bucket(record.duration()));
        } else {
            duration = Optional.of(Long.toString(record.duration().getSeconds()));
        }
        return new PseudonymizedCdr(record.recordId(), record.type(), record.direction(), outCaller, outCallee,
                outForwarded, outSms, start, duration, outIp);
    }

    private PseudonymMemo memo(PseudonymMemo[] memos, int field) {
        return memos == null || memos.length == 0 || memoIndex[field] < 0 ? null : memos[memoIndex[field]];
    }

    private static Optional<String> apply(String field, UnaryOperator<String> technique, Optional<String> value,
            PseudonymMemo memo) {
        if (technique == null || value.isEmpty()) {
            return Optional.empty();
        }
        String clear = value.get();
        if (memo != null) {
            String known = memo.get(clear);
            if (known != null) {
                return Optional.of(known);
            }
        }
        String pseudonym;
        try {
            pseudonym = technique.apply(clear);
        } catch (InvalidInputException e) {
            throw new InvalidInputException(field, e.rule());
        }
        if (memo != null) {
            memo.put(clear, pseudonym);
        }
        return Optional.of(pseudonym);
    }

    /**
     * Pseudonymizes one number by the profile's caller technique, as {@link #pseudonymize} does a
     * record's caller: for an engine's SQL function over any number column.
     *
     * @param number a number in E.164 or national form
     * @return its pseudonym, or empty when the profile drops callers
     * @throws InvalidInputException named {@code caller} if the number is missing or invalid; never
     *     repeating it
     */
    public Optional<String> caller(String number) {
        if (number == null) {
            throw new InvalidInputException("caller", "must be given");
        }
        return apply("caller", caller, Optional.of(number), null);
    }

    /**
     * Pseudonymizes one address by the profile's device-IP technique, as {@link #pseudonymize} does a
     * record's device IP: for an engine's SQL function over any address column.
     *
     * @param address an IPv4 or IPv6 literal
     * @return its pseudonym, or empty when the profile drops device IPs
     * @throws InvalidInputException named {@code deviceIp} if the address is missing or malformed;
     *     never repeating it
     */
    public Optional<String> deviceIp(String address) {
        if (address == null) {
            throw new InvalidInputException("deviceIp", "must be given");
        }
        return apply("deviceIp", deviceIp, Optional.of(address), null);
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
