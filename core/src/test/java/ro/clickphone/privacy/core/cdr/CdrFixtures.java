package ro.clickphone.privacy.core.cdr;

import ro.clickphone.privacy.crypto.cdr.CdrProfile;
import ro.clickphone.privacy.crypto.cdr.CdrPseudonymizer;
import ro.clickphone.privacy.crypto.cdr.IpTechnique;
import ro.clickphone.privacy.crypto.cdr.NumberTechnique;
import ro.clickphone.privacy.crypto.pseudonym.DurationBuckets;
import ro.clickphone.privacy.crypto.pseudonym.PseudonymAuthorizer;
import ro.clickphone.privacy.crypto.pseudonym.PseudonymKeys;
import ro.clickphone.privacy.crypto.pseudonym.Pseudonyms;
import ro.clickphone.privacy.crypto.pseudonym.TimeGranularity;
import ro.clickphone.privacy.spi.SecretBytes;

/** The pseudonymizer the CSV tests share: the analytics profile under a fixed root key, no authorization. */
final class CdrFixtures {

    static final Pseudonyms PSEUDONYMS = Pseudonyms.create(PseudonymKeys.of(1, SecretBytes.copyOf(new byte[32])),
            PseudonymAuthorizer.unrestricted(e -> { }));
    static final CdrProfile PROFILE = CdrProfile.builder("analytics")
            .numbers(NumberTechnique.ff1(3))
            .deviceIp(IpTechnique.cryptoPan())
            .startTime(TimeGranularity.HOUR)
            .durations(DurationBuckets.callDurations())
            .build();
    static final CdrPseudonymizer CDRS = CdrPseudonymizer.create(PSEUDONYMS, PROFILE);

    private CdrFixtures() {
    }
}
