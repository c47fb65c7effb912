package ro.clickphone.privacy.spi.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.StoreException;
import ro.clickphone.privacy.spi.SubjectId;

/**
 * The contract every {@link ContactDirectory} keeps. Plugin authors extend this class (from the
 * {@code clickphone-privacy-spi} test jar) and return an empty directory:
 *
 * <pre>{@code
 * class CrmContactDirectoryTest extends ContactDirectoryContract {
 *     protected ContactDirectory newDirectory() {
 *         crm.clear();
 *         return new CrmContactDirectory(crm);
 *     }
 * }
 * }</pre>
 */
public abstract class ContactDirectoryContract {

    private static final SubjectId ANA = SubjectId.of("ana.popescu@example.ro");
    private static final SubjectId BOB = SubjectId.of("acct-2077");
    private static final String ANA_MAIL = "ana.popescu@example.ro";
    private static final String ANA_PHONE = "+40721234567";

    private ContactDirectory directory;

    /** For subclasses. */
    protected ContactDirectoryContract() {
    }

    /**
     * Creates an empty directory for one test.
     *
     * @return the directory under test
     */
    protected abstract ContactDirectory newDirectory();

    /**
     * A directory whose storage is unavailable, for the failure test; by default none, and that
     * test is skipped. Return one to prove that every call then throws {@link StoreException}
     * whose message names no subject and no address.
     *
     * @return the broken directory, or null to skip the failure test
     */
    protected ContactDirectory brokenDirectory() {
        return null;
    }

    @BeforeEach
    final void createDirectory() {
        directory = newDirectory();
    }

    private static SubjectContacts contacts(String language, Map<Medium, String> addresses) {
        return new SubjectContacts(addresses, language);
    }

    @Test
    void find_ofAnUnknownSubject_isEmpty() {
        assertTrue(directory.find(ANA).isEmpty());
        assertFalse(directory.remove(ANA), "nothing to forget");
    }

    @Test
    void put_thenFind_givesTheContactsBack_perSubject() {
        SubjectContacts ana = contacts("ro", Map.of(Medium.EMAIL, ANA_MAIL, Medium.SMS, ANA_PHONE));
        SubjectContacts bob = contacts("en", Map.of(Medium.EMAIL, "bob@example.com"));
        directory.put(ANA, ana);
        directory.put(BOB, bob);
        assertEquals(Optional.of(ana), directory.find(ANA));
        assertEquals(Optional.of(bob), directory.find(BOB));
        assertEquals(Optional.of(ANA_PHONE), directory.find(ANA).orElseThrow().address(Medium.SMS));
        assertEquals("en", directory.find(BOB).orElseThrow().language());
    }

    @Test
    void put_replacesTheContactsAsAWhole() {
        directory.put(ANA, contacts("ro", Map.of(Medium.EMAIL, ANA_MAIL, Medium.SMS, ANA_PHONE)));
        SubjectContacts smsOnly = contacts("en", Map.of(Medium.SMS, "+40721000000"));
        directory.put(ANA, smsOnly);
        SubjectContacts found = directory.find(ANA).orElseThrow();
        assertEquals(smsOnly, found);
        assertTrue(found.address(Medium.EMAIL).isEmpty(), "an address left out of the new contacts is gone");
    }

    @Test
    void put_ofContactsWithoutAddresses_isKept() {
        SubjectContacts none = contacts("ro", Map.of());
        directory.put(ANA, none);
        assertEquals(Optional.of(none), directory.find(ANA), "the language alone is worth keeping");
    }

    @Test
    void remove_forgetsOneSubject_once() {
        directory.put(ANA, contacts("ro", Map.of(Medium.EMAIL, ANA_MAIL)));
        directory.put(BOB, contacts("en", Map.of(Medium.EMAIL, "bob@example.com")));
        assertTrue(directory.remove(ANA));
        assertFalse(directory.remove(ANA), "already forgotten");
        assertTrue(directory.find(ANA).isEmpty());
        assertTrue(directory.find(BOB).isPresent(), "another subject's contacts stay");
    }

    @Test
    void concurrentPuts_leaveOneWholeValue_neverAMix() throws Exception {
        List<SubjectContacts> written = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            written.add(contacts(i % 2 == 0 ? "ro" : "en", Map.of(Medium.EMAIL, "ana" + i + "@example.ro",
                    Medium.SMS, "+4072100000" + i)));
        }
        ExecutorService pool = Executors.newFixedThreadPool(written.size());
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> futures = new ArrayList<>();
            for (SubjectContacts value : written) {
                futures.add(pool.submit(() -> {
                    start.await();
                    for (int round = 0; round < 50; round++) {
                        directory.put(ANA, value);
                        SubjectContacts read = directory.find(ANA).orElseThrow();
                        if (!written.contains(read)) {
                            throw new AssertionError("read contacts no one wrote whole");
                        }
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> future : futures) {
                future.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertTrue(written.contains(directory.find(ANA).orElseThrow()), "the last put, whole");
    }

    @Test
    void nulls_areInvalidInput_andChangeNothing() {
        SubjectContacts ana = contacts("ro", Map.of(Medium.EMAIL, ANA_MAIL));
        directory.put(ANA, ana);
        assertThrows(InvalidInputException.class, () -> directory.find(null));
        assertThrows(InvalidInputException.class, () -> directory.put(null, ana));
        assertThrows(InvalidInputException.class, () -> directory.put(ANA, null));
        assertThrows(InvalidInputException.class, () -> directory.remove(null));
        assertEquals(Optional.of(ana), directory.find(ANA));
    }

    @Test
    void toString_namesNoSubjectOrAddress() {
        directory.put(ANA, contacts("ro", Map.of(Medium.EMAIL, ANA_MAIL, Medium.SMS, ANA_PHONE)));
        String text = directory.toString();
        for (String planted : Set.of("ana.popescu", "0721234567", ANA_PHONE)) {
            assertFalse(text.contains(planted), "the directory's toString names no subject or address");
        }
    }

    @Test
    void aBrokenDirectory_throwsStoreException_fromEveryCall_namingNoSubjectOrAddress() {
        ContactDirectory broken = brokenDirectory();
        Assumptions.assumeTrue(broken != null, "no broken directory given (brokenDirectory())");
        SubjectContacts ana = contacts("ro", Map.of(Medium.SMS, ANA_PHONE));
        List<Executable> calls = List.of(() -> broken.find(ANA), () -> broken.put(ANA, ana),
                () -> broken.remove(ANA));
        for (Executable call : calls) {
            StoreException e = assertThrows(StoreException.class, call);
            String text = String.valueOf(e.getMessage()) + " " + e;
            assertFalse(text.contains("ana.popescu"), "no subject id in the message");
            assertFalse(text.contains("0721234567"), "no address in the message");
        }
    }
}
