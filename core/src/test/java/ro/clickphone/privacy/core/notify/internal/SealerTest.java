package ro.clickphone.privacy.core.notify.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ro.clickphone.privacy.crypto.EnvelopeKeys;
import ro.clickphone.privacy.crypto.FieldEncryptor;
import ro.clickphone.privacy.crypto.KeySettings;
import ro.clickphone.privacy.crypto.kek.Pkcs12KeyEncryptionKeyProvider;
import ro.clickphone.privacy.spi.IntegrityException;
import ro.clickphone.privacy.spi.KeyDestroyedException;
import ro.clickphone.privacy.spi.KeyScope;
import ro.clickphone.privacy.spi.SubjectId;
import ro.clickphone.privacy.spi.memory.InMemorySubjectKeyStore;

/**
 * The outbox's sealed text: it opens for its own subject and message only. An attacker who can
 * write the outbox and moves one message's text to another (a phishing body into a security
 * alert's row, or into another subject's row) gets nothing delivered: the text does not open.
 */
class SealerTest {

    private static final SubjectId ANA = SubjectId.of("acct-1042");
    private static final SubjectId BOB = SubjectId.of("acct-2077");
    private static final RenderedMessage ALERT = new RenderedMessage("ro", "noreplay@clickphone.ro",
            "Parola contului ClickPhone a fost schimbată", "Bună ziua,\nParola a fost schimbată.\n");

    @TempDir
    Path dir;
    private EnvelopeKeys keys;
    private Sealer sealer;

    @BeforeEach
    void keys() {
        keys = EnvelopeKeys.create(KeySettings.of(Pkcs12KeyEncryptionKeyProvider.create(dir.resolve("k.p12"),
                "pw".toCharArray(), "k")), new InMemorySubjectKeyStore(), Clock.systemUTC());
        sealer = new Sealer(new FieldEncryptor(keys));
    }

    @Test
    void sealed_opensForItsSubjectAndMessage_andHidesTheText() {
        String sealed = sealer.seal(ANA, "n-1", ALERT);
        assertFalse(sealed.contains("Parola") || sealed.contains("noreplay"), sealed);
        assertEquals(ALERT, sealer.unseal(ANA, "n-1", sealed));
    }

    @Test
    void sealedText_movedToAnotherMessageOfTheSameSubject_doesNotOpen() {
        String sealed = sealer.seal(ANA, "n-1", ALERT);
        assertThrows(IntegrityException.class, () -> sealer.unseal(ANA, "n-2", sealed));
    }

    @Test
    void sealedText_movedToAnotherSubject_doesNotOpen() {
        sealer.seal(BOB, "n-9", ALERT);
        String sealed = sealer.seal(ANA, "n-1", ALERT);
        assertThrows(IntegrityException.class, () -> sealer.unseal(BOB, "n-1", sealed));
    }

    @Test
    void garbage_isAnIntegrityFailure_neverAnInputError() {
        assertThrows(IntegrityException.class, () -> sealer.unseal(ANA, "n-1", "not sealed at all"));
    }

    @Test
    void shreddedProfileKey_cannotOpen_norSealAgain() {
        String sealed = sealer.seal(ANA, "n-1", ALERT);
        keys.shred(ANA, KeyScope.of("profile"));
        assertThrows(KeyDestroyedException.class, () -> sealer.unseal(ANA, "n-1", sealed));
        assertThrows(KeyDestroyedException.class, () -> sealer.seal(ANA, "n-2", ALERT));
    }

    @Test
    void context_isTheKitsOwn_boundToTheMessage() {
        assertEquals("notification_outbox", Sealer.context("n-1").entity());
        assertTrue(Sealer.context("n-1").recordId().isPresent());
        assertEquals(KeyScope.of("profile"), Sealer.context("n-1").scope());
    }
}
