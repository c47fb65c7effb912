package ro.clickphone.privacy.spi.account;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import ro.clickphone.privacy.spi.SubjectId;

/**
 * The contract every {@link AccountDirectory} keeps. Plugin authors extend this class (from the
 * {@code clickphone-privacy-spi} test jar) and return a directory that places exactly the given
 * subjects in the given accounts:
 *
 * <pre>{@code
 * class PlatformAccountDirectoryTest extends AccountDirectoryContract {
 *     protected AccountDirectory newDirectory(Map<SubjectId, String> accounts) {
 *         accounts.forEach(platformDatabase::assign);
 *         return new PlatformAccountDirectory(platformDatabase);
 *     }
 * }
 * }</pre>
 */
public abstract class AccountDirectoryContract {

    private static final SubjectId ANA = SubjectId.of("acct-1042");
    private static final SubjectId BOB = SubjectId.of("acct-2077");
    private static final SubjectId NOBODY = SubjectId.of("acct-9999");

    /** For subclasses. */
    protected AccountDirectoryContract() {
    }

    /**
     * Creates a directory holding exactly these assignments.
     *
     * @param accounts subject to account id
     * @return the directory under test
     */
    protected abstract AccountDirectory newDirectory(Map<SubjectId, String> accounts);

    @Test
    void accountOf_knownSubject_givesItsAccount() {
        AccountDirectory directory = newDirectory(Map.of(ANA, "pbx-42", BOB, "pbx-7"));
        assertEquals(Optional.of("pbx-42"), directory.accountOf(ANA));
        assertEquals(Optional.of("pbx-7"), directory.accountOf(BOB));
    }

    @Test
    void accountOf_unknownSubject_isEmpty_neverAnException() {
        AccountDirectory directory = newDirectory(Map.of(ANA, "pbx-42"));
        assertEquals(Optional.empty(), directory.accountOf(NOBODY));
        assertEquals(Optional.empty(), newDirectory(Map.of()).accountOf(ANA));
    }

    @Test
    void accountOf_givesTheAccountId_asStored() {
        AccountDirectory directory = newDirectory(Map.of(ANA, "PBX.Sector-4:a_1"));
        assertEquals(Optional.of("PBX.Sector-4:a_1"), directory.accountOf(ANA));
    }

    @Test
    void accountOf_fromManyThreads_agrees() throws Exception {
        Map<SubjectId, String> accounts = new LinkedHashMap<>();
        for (int i = 0; i < 500; i++) {
            accounts.put(SubjectId.of("acct-" + i), "pbx-" + (i % 13));
        }
        AccountDirectory directory = newDirectory(accounts);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                results.add(pool.submit(() -> {
                    for (Map.Entry<SubjectId, String> e : accounts.entrySet()) {
                        if (!directory.accountOf(e.getKey()).equals(Optional.of(e.getValue()))) {
                            return false;
                        }
                    }
                    return true;
                }));
            }
            for (Future<Boolean> r : results) {
                assertEquals(true, r.get());
            }
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void toString_namesNoSubjectAndNoAccount() {
        AccountDirectory directory = newDirectory(Map.of(ANA, "pbx-42"));
        assertFalse(directory.toString().contains("acct-1042"), directory.toString());
        assertFalse(directory.toString().contains("pbx-42"), directory.toString());
    }
}
