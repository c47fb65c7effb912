package ro.clickphone.privacy.benchmarks;

import java.time.Clock;
import java.time.LocalDate;
import java.util.Optional;
import java.util.Set;
import ro.clickphone.privacy.core.PrivacyKit;
import ro.clickphone.privacy.core.audit.AuditSettings;
import ro.clickphone.privacy.core.policy.Policy;
import ro.clickphone.privacy.crypto.sign.HmacSha256Signer;
import ro.clickphone.privacy.spi.DataCategory;
import ro.clickphone.privacy.spi.KeyScope;
import ro.clickphone.privacy.spi.RecordRef;
import ro.clickphone.privacy.spi.SecretBytes;
import ro.clickphone.privacy.spi.memory.InMemoryStores;
import ro.clickphone.privacy.spi.source.DisposalAction;
import ro.clickphone.privacy.spi.source.PersonalDataSource;

/** What the retention benchmarks and the sweep memory test share: generated stores, a no-op source, a kit. */
final class RetentionBenchmarkSupport {

    /** Strictly necessary cookies: no key scope, so a sweep deletes them. */
    static final DataCategory COOKIES = DataCategory.of("COOKIES");
    /** Telephony logs: key scope {@code traffic}, so a sweep crypto-shreds them. */
    static final DataCategory TRAFFIC = DataCategory.of("TRAFFIC");
    /** Records sharing a subject in the crypto-shred case (a subject's CDRs). */
    static final int RECORDS_PER_SUBJECT = 100;
    /** Records sharing a due date: a million spread over 1000 days of 2020-2022, all due today. */
    static final int RECORDS_PER_DAY = 1000;

    private RetentionBenchmarkSupport() {
    }

    /**
     * Due session cookies of source {@code web}, one subject each, deleted by a sweep: the sweeper's
     * per-record work without keys.
     */
    static GeneratedRetentionStore cookies(int count) {
        return new GeneratedRetentionStore(count, 1, RECORDS_PER_DAY, "web", COOKIES, "END_OF_SESSION",
                Optional.empty(), LocalDate.of(2020, 1, 1));
    }

    /**
     * Due CDRs of source {@code cdr}, {@value #RECORDS_PER_SUBJECT} per subject, crypto-shredded by a
     * sweep: the "key still needed" check reads each subject's tags once per batch, and each subject's
     * key is retired (its versions so far destroyed) and the shred audited.
     */
    static GeneratedRetentionStore cdrs(int count) {
        return new GeneratedRetentionStore(count, RECORDS_PER_SUBJECT, RECORDS_PER_DAY, "cdr", TRAFFIC,
                "ANCOM_CONTRACT_END", Optional.of(KeyScope.of("traffic")), LocalDate.of(2020, 1, 1));
    }

    /** A source that disposes of nothing and counts the calls. */
    static final class NoOpSource implements PersonalDataSource {
        private final String name;
        private final Set<DataCategory> categories;
        long calls;

        NoOpSource(String name, DataCategory... categories) {
            this.name = name;
            this.categories = Set.of(categories);
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public Set<DataCategory> categories() {
            return categories;
        }

        @Override
        public void dispose(RecordRef record, DisposalAction action) {
            calls++;
        }
    }

    /**
     * A kit on the real policy and in-memory stores, but with the given retention store and source and
     * the system clock. A store outside {@code spi.memory} needs lasting audit keys: fixed ones here.
     */
    static PrivacyKit kit(GeneratedRetentionStore store, PersonalDataSource source) {
        byte[] key = new byte[32];
        return PrivacyKit.builder()
                .policy(Policy.clickPhoneDefault())
                .clock(Clock.systemUTC())
                .stores(InMemoryStores.create().withRetention(store))
                .audit(AuditSettings.of(HmacSha256Signer.create(SecretBytes.copyOf(key), "bench"), SecretBytes.copyOf(key)))
                .source(source)
                .build();
    }
}
