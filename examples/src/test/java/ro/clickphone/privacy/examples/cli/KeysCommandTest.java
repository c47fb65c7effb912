package ro.clickphone.privacy.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ro.clickphone.privacy.core.PrivacyKit;
import ro.clickphone.privacy.crypto.EnvelopeKeys;
import ro.clickphone.privacy.crypto.FieldContext;
import ro.clickphone.privacy.crypto.KeySettings;
import ro.clickphone.privacy.crypto.kek.Pkcs12KeyEncryptionKeyProvider;
import ro.clickphone.privacy.examples.support.Database;
import ro.clickphone.privacy.jpa.JpaStores;
import ro.clickphone.privacy.spi.DataCategory;
import ro.clickphone.privacy.spi.SubjectId;

/**
 * {@code keys rotate} and {@code keys rewrap} on a real H2 key store and PKCS#12 file: after rotate,
 * rewrap and retire, the data written before still decrypts, and the old KEK version is gone.
 */
class KeysCommandTest {

    private static final int SUBJECTS = 7;

    @TempDir
    Path dir;

    private StoreFixture store;
    private final List<String> ciphertexts = new ArrayList<>();

    @BeforeEach
    void dataEncryptedUnderKekVersion1() {
        store = new StoreFixture(dir);
        PrivacyKit kit = store.kit();
        for (int i = 0; i < SUBJECTS; i++) {
            ciphertexts.add(kit.fields().encrypt(subject(i), email(kit), address(i)));
        }
        store.closeKit();
        assertEquals(SUBJECTS, store.count("SELECT COUNT(*) FROM cpp_subject_key WHERE kek_version = 1"));
    }

    @AfterEach
    void close() {
        store.close();
    }

    private static SubjectId subject(int i) {
        return SubjectId.of("acct-" + (1000 + i));
    }

    private static String address(int i) {
        return "client" + i + "@example.ro";
    }

    private static FieldContext email(PrivacyKit kit) {
        return kit.fieldContext("account", "notification_email", DataCategory.of("CONTACT"));
    }

    private StoreFixture.Run keys(String... args) {
        List<String> all = new ArrayList<>(List.of("keys"));
        Collections.addAll(all, args);
        all.add("--kek-file=" + store.kekFile);
        all.add("--kek-id=" + StoreFixture.KEK_ID);
        return StoreFixture.cli(Map.of(KekOptions.PASSWORD_VARIABLE, StoreFixture.KEK_PASSWORD),
                all.toArray(String[]::new));
    }

    private List<String> aliases() throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store.kekFile)) {
            ks.load(in, StoreFixture.KEK_PASSWORD.toCharArray());
        }
        List<String> names = Collections.list(ks.aliases());
        Collections.sort(names);
        return names;
    }

    @Test
    void rotateThenRewrapInSmallBatches_thenRetire_keepsEveryValueDecryptable() throws Exception {
        StoreFixture.Run rotated = keys("rotate");
        assertEquals(0, rotated.code(), rotated::toString);
        assertTrue(rotated.out().contains("version 2 added and current (was 1)"), rotated::toString);
        assertEquals(List.of("clickphone-kek-v1", "clickphone-kek-v2"), aliases());

        StoreFixture.Run rewrapped = keys("rewrap", "--jdbc-url=" + store.url, "--batch=3", "--retire-old",
                "--min-age=0s");

        assertEquals(0, rewrapped.code(), rewrapped::toString);
        assertTrue(rewrapped.out().contains("rewrapped:  " + SUBJECTS), rewrapped::toString);
        assertTrue(rewrapped.out().contains("retired:    KEK versions 1 to 1"), rewrapped::toString);
        assertTrue(rewrapped.err().contains("progress: 3 data keys rewrapped"), rewrapped::toString);
        assertEquals(List.of("clickphone-kek-v2"), aliases(), "version 1 is deleted from the file");
        assertEquals(SUBJECTS, store.count("SELECT COUNT(*) FROM cpp_subject_key WHERE kek_version = 2"));

        // the application, reopened on the file, reads everything written before the rotation
        PrivacyKit kit = store.kit();
        for (int i = 0; i < SUBJECTS; i++) {
            assertEquals(address(i), kit.fields().decrypt(subject(i), email(kit), ciphertexts.get(i)));
        }
    }

    @Test
    void anInterruptedRewrap_isResumedByRunningItAgain() throws Exception {
        assertEquals(0, keys("rotate").code());
        // a first run that stopped after one batch of three: what a crash leaves
        try (Database db = Database.existing(store.url, null, null, List.of())) {
            EnvelopeKeys keys = EnvelopeKeys.create(KeySettings.of(Pkcs12KeyEncryptionKeyProvider.open(store.kekFile,
                    StoreFixture.KEK_PASSWORD.toCharArray(), StoreFixture.KEK_ID)),
                    JpaStores.create(db.newEmf(Map.of())).subjectKeys(), Clock.systemUTC());
            assertEquals(3, keys.rewrap(3).rewrapped());
        }
        assertEquals(SUBJECTS - 3, store.count("SELECT COUNT(*) FROM cpp_subject_key WHERE kek_version = 1"));

        StoreFixture.Run again = keys("rewrap", "--jdbc-url=" + store.url, "--batch=100");

        assertEquals(0, again.code(), again::toString);
        assertTrue(again.out().contains("rewrapped:  " + (SUBJECTS - 3)), again::toString);
        assertTrue(again.out().contains("remaining:  0"), again::toString);
        StoreFixture.Run third = keys("rewrap", "--jdbc-url=" + store.url, "--retire-old", "--force");
        assertEquals(0, third.code(), third::toString);
        assertTrue(third.out().contains("rewrapped:  0"), third::toString);
        assertEquals(List.of("clickphone-kek-v2"), aliases());
    }

    @Test
    void aDamagedWrappedKey_isReported_exit1_andNothingIsRetired() throws Exception {
        assertEquals(0, keys("rotate").code());
        store.sql("UPDATE cpp_subject_key SET wrapped_key = 'AAAA' || SUBSTRING(wrapped_key, 5) WHERE subject_id = '"
                + subject(3).value() + "'");

        StoreFixture.Run run = keys("rewrap", "--jdbc-url=" + store.url, "--batch=50", "--retire-old", "--force");

        assertEquals(1, run.code(), run::toString);
        assertTrue(run.out().contains("rewrapped:  " + (SUBJECTS - 1)), run::toString);
        assertTrue(run.out().contains("failed:     1"), run::toString);
        assertTrue(run.out().contains("nothing retired"), run::toString);
        assertTrue(run.oneLineError(), run::toString);
        assertEquals(List.of("clickphone-kek-v1", "clickphone-kek-v2"), aliases(), "version 1 is kept");
    }

    @Test
    void retiringAVersionYoungerThanMinAge_isRefused_unlessForced() throws Exception {
        assertEquals(0, keys("rotate").code());

        StoreFixture.Run refused = keys("rewrap", "--jdbc-url=" + store.url, "--retire-old");

        assertEquals(2, refused.code(), refused::toString);
        assertTrue(refused.err().contains("--retire-old: KEK version 2 is "), refused::toString);
        assertTrue(refused.err().contains(" old, younger than --min-age 1h 0m"), refused::toString);
        assertTrue(refused.oneLineError(), refused::toString);
        assertEquals(List.of("clickphone-kek-v1", "clickphone-kek-v2"), aliases(), "nothing retired");
        assertEquals(SUBJECTS, store.count("SELECT COUNT(*) FROM cpp_subject_key WHERE kek_version = 1"),
                "refused before any work");

        StoreFixture.Run shorter = keys("rewrap", "--jdbc-url=" + store.url, "--retire-old", "--min-age=2d");
        assertEquals(2, shorter.code(), shorter::toString);
        assertTrue(shorter.err().contains("younger than --min-age 2d 0h 0m"), shorter::toString);

        StoreFixture.Run forced = keys("rewrap", "--jdbc-url=" + store.url, "--retire-old", "--force");
        assertEquals(0, forced.code(), forced::toString);
        assertEquals(List.of("clickphone-kek-v2"), aliases());
    }

    @Test
    void aFirstBatchOfUnreadableKeys_stallsTheRewrap_andSaysSo_exit1() throws Exception {
        assertEquals(0, keys("rotate").code());
        // acct-1000 comes first in the store's order: with --batch 1 every batch is that one key
        store.sql("UPDATE cpp_subject_key SET wrapped_key = 'AAAA' || SUBSTRING(wrapped_key, 5) WHERE subject_id = '"
                + subject(0).value() + "'");

        StoreFixture.Run run = keys("rewrap", "--jdbc-url=" + store.url, "--batch=1", "--retire-old", "--force");

        assertEquals(1, run.code(), run::toString);
        assertTrue(run.err().contains("nothing rewrapped: the first batch is all unreadable keys; raise --batch or"
                + " repair them"), run::toString);
        assertTrue(run.out().contains("nothing retired"), run::toString);
        assertTrue(run.oneLineError(), run::toString);
        assertEquals(List.of("clickphone-kek-v1", "clickphone-kek-v2"), aliases());

        StoreFixture.Run wider = keys("rewrap", "--jdbc-url=" + store.url, "--batch=2");
        assertEquals(1, wider.code(), wider::toString);
        assertTrue(wider.out().contains("rewrapped:  " + (SUBJECTS - 1)), wider::toString);
        assertTrue(wider.out().contains("failed:     1"), wider::toString);
    }

    @Test
    void badInput_isOneLine_exit2() throws Exception {
        StoreFixture.Run noPassword = StoreFixture.cli("keys", "rotate", "--kek-file=" + store.kekFile,
                "--kek-id=" + StoreFixture.KEK_ID);
        assertEquals(2, noPassword.code(), noPassword::toString);
        assertTrue(noPassword.err().contains("--kek-password-file FILE or set CLICKPHONE_PRIVACY_KEK_PASSWORD"),
                noPassword::toString);

        Path wrong = store.write("wrong.txt", "not-the-password");
        StoreFixture.Run wrongPassword = StoreFixture.cli("keys", "rotate", "--kek-file=" + store.kekFile,
                "--kek-id=" + StoreFixture.KEK_ID, "--kek-password-file=" + wrong);
        assertEquals(2, wrongPassword.code(), wrongPassword::toString);
        assertTrue(wrongPassword.oneLineError(), wrongPassword::toString);
        assertFalse(wrongPassword.err().contains("not-the-password"), wrongPassword::toString);

        StoreFixture.Run fromFile = StoreFixture.cli("keys", "rotate", "--kek-file=" + store.kekFile,
                "--kek-id=" + StoreFixture.KEK_ID, "--kek-password-file=" + store.kekPasswordFile);
        assertEquals(0, fromFile.code(), fromFile::toString);

        StoreFixture.Run noFile = StoreFixture.cli(Map.of(KekOptions.PASSWORD_VARIABLE, StoreFixture.KEK_PASSWORD),
                "keys", "rotate", "--kek-file=" + dir.resolve("none.p12"), "--kek-id=" + StoreFixture.KEK_ID);
        assertEquals(2, noFile.code(), noFile::toString);

        StoreFixture.Run badBatch = keys("rewrap", "--jdbc-url=" + store.url, "--batch=0");
        assertEquals(2, badBatch.code(), badBatch::toString);
        assertTrue(badBatch.oneLineError(), badBatch::toString);

        StoreFixture.Run otherKek = StoreFixture.cli(Map.of(KekOptions.PASSWORD_VARIABLE, StoreFixture.KEK_PASSWORD),
                "keys", "rotate", "--kek-file=" + store.kekFile, "--kek-id=other-kek");
        assertEquals(2, otherKek.code(), otherKek::toString);
        assertTrue(otherKek.err().contains("holds no version of KEK other-kek"), otherKek::toString);
        assertEquals(List.of("clickphone-kek-v1", "clickphone-kek-v2"), aliases());
    }
}
