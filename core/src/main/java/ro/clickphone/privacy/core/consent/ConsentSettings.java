package ro.clickphone.privacy.core.consent;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import ro.clickphone.privacy.crypto.sign.Ed25519Signer;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.Purpose;
import ro.clickphone.privacy.spi.SecretBytes;

/**
 * How the kit's consent ledger caches, audits and seals: the staleness bound on seeing another
 * instance's changes, the clock skew allowed for effective times, how far back an effective time
 * may go without a document reference, how many checks are audited, how many subjects are cached
 * and for how long, how long a gap in the change feed is waited for, and the key that seals every
 * event. Given to the kit builder's {@code consent(...)}; start from {@link #defaults()}.
 *
 * <p>A persistent consent store needs {@link #withSealKey(SecretBytes)} with a key that outlives the
 * process, or its events cannot be verified after a restart and every check denies. When the
 * consent store is the in-memory one, the kit draws a random key if none is given. The key is never
 * printed.
 *
 * <p>Immutable and thread-safe.
 *
 * @since 0.1.0
 */
public final class ConsentSettings {

    /** Checks see another instance's changes within this bound unless configured otherwise. */
    public static final Duration DEFAULT_STALENESS = Duration.ofSeconds(1);
    /** How far in the future an event's effective time may be, for clocks that disagree a little. */
    public static final Duration DEFAULT_CLOCK_SKEW = Duration.ofMinutes(5);
    /** How many subjects' events are cached unless configured otherwise. */
    public static final long DEFAULT_CACHE_SIZE = 100_000;

    /**
     * A cached subject is read from the store again after this long unless configured otherwise: the
     * backstop should a change feed miss an event.
     */
    public static final Duration DEFAULT_CACHE_EXPIRY = Duration.ofMinutes(5);
    /**
     * A gap in the change feed (sequence n missing while n+1 shows) is waited for this long before
     * the whole cache is flushed, unless configured otherwise.
     */
    public static final Duration DEFAULT_FEED_GAP_BOUND = Duration.ofSeconds(10);
    /**
     * How far before its recording an event may take effect without a document reference (a signed
     * paper form, an e-mail's message id) unless configured otherwise.
     */
    public static final Duration DEFAULT_BACKDATING_BOUND = Duration.ofDays(1);

    /**
     * The purpose the access policy must grant a staff role for staff to record consent events on a
     * subject's behalf, unless configured otherwise: answering data subject requests, withdrawal of
     * consent among them (so declared in ClickPhone's policy).
     */
    public static final Purpose DEFAULT_RECORDING_PURPOSE = Purpose.of("RIGHTS_REQUESTS");

    private static final ConsentSettings DEFAULTS = new ConsentSettings(DEFAULT_STALENESS, DEFAULT_CLOCK_SKEW, 0,
            DEFAULT_CACHE_SIZE, DEFAULT_CACHE_EXPIRY, DEFAULT_FEED_GAP_BOUND, DEFAULT_BACKDATING_BOUND, null, null,
            null, List.of(), DEFAULT_RECORDING_PURPOSE, null);

    private final Duration staleness;
    private final Duration clockSkew;
    private final int auditEveryNthCheck;
    private final long cacheSize;
    private final Duration cacheExpiry;
    private final Duration feedGapBound;
    private final Duration backdatingBound;
    private final SecretBytes sealKey;
    private final Ed25519Signer receiptSigner;
    private final Instant receiptSignerFrom;
    private final List<ReceiptKey> retiredReceiptKeys;
    private final Purpose recordingPurpose;
    /** Null until given: the ledger then refuses every import. */
    private final Instant importCutoff;

    private ConsentSettings(Duration staleness, Duration clockSkew, int auditEveryNthCheck, long cacheSize,
            Duration cacheExpiry, Duration feedGapBound, Duration backdatingBound, SecretBytes sealKey,
            Ed25519Signer receiptSigner, Instant receiptSignerFrom, List<ReceiptKey> retiredReceiptKeys,
            Purpose recordingPurpose, Instant importCutoff) {
        this.staleness = staleness;
        this.clockSkew = clockSkew;
        this.auditEveryNthCheck = auditEveryNthCheck;
        this.cacheSize = cacheSize;
        this.cacheExpiry = cacheExpiry;
        this.feedGapBound = feedGapBound;
        this.backdatingBound = backdatingBound;
        this.sealKey = sealKey;
        this.receiptSigner = receiptSigner;
        this.receiptSignerFrom = receiptSignerFrom;
        this.retiredReceiptKeys = retiredReceiptKeys;
        this.recordingPurpose = recordingPurpose;
        this.importCutoff = importCutoff;
    }

    /**
     * The defaults: staleness {@link #DEFAULT_STALENESS}, clock skew {@link #DEFAULT_CLOCK_SKEW}, no
     * check audited, {@link #DEFAULT_CACHE_SIZE} subjects cached for {@link #DEFAULT_CACHE_EXPIRY},
     * feed gaps waited for {@link #DEFAULT_FEED_GAP_BOUND}, back-dating without a document reference
     * up to {@link #DEFAULT_BACKDATING_BOUND}, and no seal key (the kit draws one beside an
     * in-memory consent store and refuses to build beside a persistent one).
     *
     * @return the default settings
     */
    public static ConsentSettings defaults() {
        return DEFAULTS;
    }

    private static Duration upToAnHour(Duration d, String name) {
        if (d == null || d.isNegative() || d.compareTo(Duration.ofHours(1)) > 0) {
            throw new InvalidInputException(name, "must be between 0 and 1 hour");
        }
        return d;
    }

    /**
     * A copy with another staleness bound: how stale consent changes made by another instance
     * sharing the store may be seen. Changes made through this kit are seen at once.
     *
     * @param bound 0 to 1 hour
     * @return the copy
     * @throws InvalidInputException if null or out of range
     */
    public ConsentSettings withStaleness(Duration bound) {
        return new ConsentSettings(upToAnHour(bound, "staleness"), clockSkew, auditEveryNthCheck, cacheSize,
                cacheExpiry, feedGapBound, backdatingBound, sealKey, receiptSigner,
                receiptSignerFrom, retiredReceiptKeys, recordingPurpose, importCutoff);
    }

    /**
     * A copy with another clock skew: how far in the future a consent event's effective time may lie.
     *
     * @param skew 0 to 1 hour
     * @return the copy
     * @throws InvalidInputException if null or out of range
     */
    public ConsentSettings withClockSkew(Duration skew) {
        return new ConsentSettings(staleness, upToAnHour(skew, "clockSkew"), auditEveryNthCheck, cacheSize,
                cacheExpiry, feedGapBound, backdatingBound, sealKey, receiptSigner,
                receiptSignerFrom, retiredReceiptKeys, recordingPurpose, importCutoff);
    }

    /**
     * A copy that audits one consent check in every {@code n}: 1 audits all, 0 none. Consent events
     * themselves are always audited.
     *
     * @param n 0 or more
     * @return the copy
     * @throws InvalidInputException if negative
     */
    public ConsentSettings withAuditEveryNthCheck(int n) {
        if (n < 0) {
            throw new InvalidInputException("auditEveryNthCheck", "must be 0 (none) or more");
        }
        return new ConsentSettings(staleness, clockSkew, n, cacheSize, cacheExpiry, feedGapBound, backdatingBound,
                sealKey, receiptSigner,
                receiptSignerFrom, retiredReceiptKeys, recordingPurpose, importCutoff);
    }

    /**
     * A copy with another cache size.
     *
     * @param subjects how many subjects' events to cache, 1 to 100 000 000
     * @return the copy
     * @throws InvalidInputException if out of range
     */
    public ConsentSettings withCacheSize(long subjects) {
        if (subjects < 1 || subjects > 100_000_000) {
            throw new InvalidInputException("cacheSize", "must be between 1 and 100000000");
        }
        return new ConsentSettings(staleness, clockSkew, auditEveryNthCheck, subjects, cacheExpiry, feedGapBound,
                backdatingBound, sealKey, receiptSigner,
                receiptSignerFrom, retiredReceiptKeys, recordingPurpose, importCutoff);
    }

    /**
     * A copy with another cache expiry: a cached subject is read from the store again this long
     * after it was loaded, whatever the change feed says. The backstop against a feed that misses
     * an event: another instance's change is seen within this bound at worst.
     *
     * @param expiry 1 second to 1 hour
     * @return the copy
     * @throws InvalidInputException if null or out of range
     */
    public ConsentSettings withCacheExpiry(Duration expiry) {
        if (expiry == null || expiry.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new InvalidInputException("cacheExpiry", "must be between 1 second and 1 hour");
        }
        return new ConsentSettings(staleness, clockSkew, auditEveryNthCheck, cacheSize,
                upToAnHour(expiry, "cacheExpiry"), feedGapBound, backdatingBound, sealKey, receiptSigner,
                receiptSignerFrom, retiredReceiptKeys, recordingPurpose, importCutoff);
    }

    /**
     * A copy with another feed gap bound: how long the change feed waits for a missing sequence
     * (one a store's writer has taken but not yet committed) before flushing the whole cache.
     *
     * @param bound 0 to 1 hour
     * @return the copy
     * @throws InvalidInputException if null or out of range
     */
    public ConsentSettings withFeedGapBound(Duration bound) {
        return new ConsentSettings(staleness, clockSkew, auditEveryNthCheck, cacheSize, cacheExpiry,
                upToAnHour(bound, "feedGapBound"), backdatingBound, sealKey, receiptSigner,
                receiptSignerFrom, retiredReceiptKeys, recordingPurpose, importCutoff);
    }

    /**
     * A copy with another back-dating bound: how far before its recording an event may take effect
     * without a document reference. Beyond it the proof needs
     * {@link ConsentProof#withReference(String)} (the scanned paper form, the e-mail's message id).
     *
     * @param bound 0 to 3660 days
     * @return the copy
     * @throws InvalidInputException if null or out of range
     */
    public ConsentSettings withBackdatingBound(Duration bound) {
        if (bound == null || bound.isNegative() || bound.compareTo(Duration.ofDays(3660)) > 0) {
            throw new InvalidInputException("backdatingBound", "must be between 0 and 3660 days");
        }
        return new ConsentSettings(staleness, clockSkew, auditEveryNthCheck, cacheSize, cacheExpiry, feedGapBound,
                bound, sealKey, receiptSigner,
                receiptSignerFrom, retiredReceiptKeys, recordingPurpose, importCutoff);
    }

    /**
     * A copy with the key that seals every consent event (HMAC-SHA256): without it, a writer of the
     * consent store cannot change, insert or move an event unnoticed. Keep it apart from the store
     * and for as long as the events, or they can no longer be verified and every check denies.
     *
     * @param key at least 32 bytes, used for nothing else
     * @return the copy
     * @throws InvalidInputException if null or shorter than 32 bytes
     */
    public ConsentSettings withSealKey(SecretBytes key) {
        if (key == null || key.length() < 32) {
            throw new InvalidInputException("sealKey", "must be at least 32 bytes");
        }
        return new ConsentSettings(staleness, clockSkew, auditEveryNthCheck, cacheSize, cacheExpiry, feedGapBound,
                backdatingBound, key, receiptSigner,
                receiptSignerFrom, retiredReceiptKeys, recordingPurpose, importCutoff);
    }

    /**
     * A copy with the signer of consent receipts: an Ed25519 key, so that a receipt proves to a
     * third party (the subject, an auditor, a court) who issued it, which an HMAC key shared with
     * the verifier cannot. Its public key is published by {@link ConsentLedger#receiptKeys()}. Without
     * it the kit signs receipts with the audit signer if that is Ed25519 (with the receipts' own
     * domain prefix), draws an ephemeral key beside an in-memory consent store, and refuses to build
     * otherwise.
     *
     * @param signer the signer, holding its private key
     * @param validFrom from when receipts bear this key (published with it)
     * @return the copy
     * @throws InvalidInputException if an argument is null
     */
    public ConsentSettings withReceiptSigner(Ed25519Signer signer, Instant validFrom) {
        if (signer == null || validFrom == null) {
            throw new InvalidInputException("receiptSigner", "signer and validFrom must not be null");
        }
        return new ConsentSettings(staleness, clockSkew, auditEveryNthCheck, cacheSize, cacheExpiry, feedGapBound,
                backdatingBound, sealKey, signer, validFrom, retiredReceiptKeys, recordingPurpose, importCutoff);
    }

    /**
     * A copy that also verifies (and publishes) a retired receipt key, so receipts it signed during
     * its window still verify after a rotation.
     *
     * @param key the retired key, with the end of its window
     * @return the copy
     * @throws InvalidInputException if null or still open-ended
     */
    public ConsentSettings withRetiredReceiptKey(ReceiptKey key) {
        if (key == null || key.validUntil().isEmpty()) {
            throw new InvalidInputException("retiredReceiptKey", "must be given with the end of its validity");
        }
        List<ReceiptKey> keys = new ArrayList<>(retiredReceiptKeys);
        keys.add(key);
        return new ConsentSettings(staleness, clockSkew, auditEveryNthCheck, cacheSize, cacheExpiry, feedGapBound,
                backdatingBound, sealKey, receiptSigner, receiptSignerFrom, List.copyOf(keys), recordingPurpose,
                importCutoff);
    }

    /**
     * A copy with another recording purpose: the purpose the access policy must grant a staff role
     * for staff to record consent events on a subject's behalf.
     *
     * @param purpose the purpose, e.g. the policy's purpose of answering data subject requests
     * @return the copy
     * @throws InvalidInputException if null
     */
    public ConsentSettings withRecordingPurpose(Purpose purpose) {
        if (purpose == null) {
            throw new InvalidInputException("recordingPurpose", "must not be null");
        }
        return new ConsentSettings(staleness, clockSkew, auditEveryNthCheck, cacheSize, cacheExpiry, feedGapBound,
                backdatingBound, sealKey, receiptSigner, receiptSignerFrom, retiredReceiptKeys, purpose, importCutoff);
    }

    /**
     * A copy with the import cutoff: the instant the ledger went live, before which every historical
     * event imported through {@link ConsentLedger#importHistorical} must have taken effect. An event
     * dated at or after it is refused: from then on the ledger itself records what subjects say, and
     * an import dated in that time could outrank a withdrawal recorded through it. There is no
     * default: until a cutoff is given, the ledger refuses every import (a default such as the kit's
     * start would move forward at every restart and reopen the window it closes).
     *
     * @param cutoff the ledger's go-live instant, e.g. the start of the day the first consent was
     *     recorded through it
     * @return the copy
     * @throws InvalidInputException if null
     */
    public ConsentSettings withImportCutoff(Instant cutoff) {
        if (cutoff == null) {
            throw new InvalidInputException("importCutoff", "must not be null");
        }
        return new ConsentSettings(staleness, clockSkew, auditEveryNthCheck, cacheSize, cacheExpiry, feedGapBound,
                backdatingBound, sealKey, receiptSigner, receiptSignerFrom, retiredReceiptKeys, recordingPurpose,
                cutoff);
    }

    /**
     * The import cutoff.
     *
     * @return the instant before which imported events must have taken effect; empty if none was
     *     given, and then every import is refused
     */
    public Optional<Instant> importCutoff() {
        return Optional.ofNullable(importCutoff);
    }

    /**
     * The recording purpose.
     *
     * @return the purpose staff roles must be granted to record consent events for others
     */
    public Purpose recordingPurpose() {
        return recordingPurpose;
    }

    /**
     * Whether a receipt signer was given.
     *
     * @return {@code true} after {@link #withReceiptSigner(Ed25519Signer, Instant)}
     */
    public boolean hasReceiptSigner() {
        return receiptSigner != null;
    }

    /** Package-private: no public method hands out the signer. */
    Optional<Ed25519Signer> receiptSigner() {
        return Optional.ofNullable(receiptSigner);
    }

    Instant receiptSignerFrom() {
        return receiptSignerFrom;
    }

    List<ReceiptKey> retiredReceiptKeys() {
        return retiredReceiptKeys;
    }

    /**
     * Whether a seal key was given.
     *
     * @return {@code true} after {@link #withSealKey(SecretBytes)}
     */
    public boolean hasSealKey() {
        return sealKey != null;
    }

    /** Package-private: no public method hands out the key. */
    Optional<SecretBytes> sealKey() {
        return Optional.ofNullable(sealKey);
    }

    /**
     * The cache expiry.
     *
     * @return the expiry
     */
    public Duration cacheExpiry() {
        return cacheExpiry;
    }

    /**
     * The feed gap bound.
     *
     * @return the bound
     */
    public Duration feedGapBound() {
        return feedGapBound;
    }

    /**
     * The back-dating bound.
     *
     * @return the bound
     */
    public Duration backdatingBound() {
        return backdatingBound;
    }

    /**
     * The staleness bound.
     *
     * @return the bound
     */
    public Duration staleness() {
        return staleness;
    }

    /**
     * The clock skew allowed for effective times.
     *
     * @return the skew
     */
    public Duration clockSkew() {
        return clockSkew;
    }

    /**
     * One check in this many is audited; 0 for none.
     *
     * @return the rate
     */
    public int auditEveryNthCheck() {
        return auditEveryNthCheck;
    }

    /**
     * How many subjects' events are cached.
     *
     * @return the cache size
     */
    public long cacheSize() {
        return cacheSize;
    }

    @Override
    public String toString() {
        return "ConsentSettings[staleness=" + staleness + ", clockSkew=" + clockSkew + ", auditEveryNthCheck="
                + auditEveryNthCheck + ", cacheSize=" + cacheSize + ", cacheExpiry=" + cacheExpiry + ", feedGapBound="
                + feedGapBound + ", backdatingBound=" + backdatingBound + (sealKey == null ? "" : ", sealKey")
                + (receiptSigner == null ? "" : ", receiptSigner=" + receiptSigner.keyId()) + ", recordingPurpose="
                + recordingPurpose.id() + (importCutoff == null ? "" : ", importCutoff=" + importCutoff) + "]";
    }
}
