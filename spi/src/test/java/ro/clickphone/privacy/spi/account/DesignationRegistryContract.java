package ro.clickphone.privacy.spi.account;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.Recipient;
import ro.clickphone.privacy.spi.SubjectId;

/**
 * The contract every {@link DesignationRegistry} keeps. Plugin authors extend this class (from the
 * {@code clickphone-privacy-spi} test jar) and return an empty registry:
 *
 * <pre>{@code
 * class PlatformDesignationRegistryTest extends DesignationRegistryContract {
 *     protected DesignationRegistry newRegistry() {
 *         platformDatabase.clear();
 *         return new PlatformDesignationRegistry(platformDatabase);
 *     }
 * }
 * }</pre>
 */
public abstract class DesignationRegistryContract {

    private static final SubjectId ANA = SubjectId.of("acct-1042");
    private static final SubjectId BOB = SubjectId.of("acct-2077");
    private static final Recipient PARTNER = Recipient.of("INTEGRATION_PARTNER");
    private static final Recipient OTHER = Recipient.of("CONSENTED_THIRD_PARTY");

    /** For subclasses. */
    protected DesignationRegistryContract() {
    }

    /**
     * Creates an empty registry.
     *
     * @return the registry under test
     */
    protected abstract DesignationRegistry newRegistry();

    @Test
    void isDesignated_onAnEmptyRegistry_isFalse() {
        assertFalse(newRegistry().isDesignated(Designation.of(ANA, PARTNER, "crm-vendor")));
    }

    @Test
    void designate_thenIsDesignated_exactlyThatDesignation() {
        DesignationRegistry registry = newRegistry();
        registry.designate(Designation.of(ANA, PARTNER, "crm-vendor"));
        assertTrue(registry.isDesignated(Designation.of(ANA, PARTNER, "crm-vendor")));
        assertFalse(registry.isDesignated(Designation.of(ANA, PARTNER, "other-vendor")), "another partner");
        assertFalse(registry.isDesignated(Designation.of(BOB, PARTNER, "crm-vendor")), "another subject");
        assertFalse(registry.isDesignated(Designation.of(ANA, OTHER, "crm-vendor")), "another recipient");
        assertFalse(registry.isDesignated(Designation.of(ANA, PARTNER, "CRM-vendor")), "references are exact");
    }

    @Test
    void designateTwice_isOneDesignation_andOneRevokeEndsIt() {
        DesignationRegistry registry = newRegistry();
        registry.designate(Designation.of(ANA, PARTNER, "crm-vendor"));
        registry.designate(Designation.of(ANA, PARTNER, "crm-vendor"));
        registry.revoke(Designation.of(ANA, PARTNER, "crm-vendor"));
        assertFalse(registry.isDesignated(Designation.of(ANA, PARTNER, "crm-vendor")));
    }

    @Test
    void revoke_endsOnlyThatDesignation_andUnknownRevokeDoesNothing() {
        DesignationRegistry registry = newRegistry();
        registry.revoke(Designation.of(ANA, PARTNER, "never-designated"));
        registry.designate(Designation.of(ANA, PARTNER, "crm-vendor"));
        registry.designate(Designation.of(ANA, PARTNER, "erp-vendor"));
        registry.revoke(Designation.of(ANA, PARTNER, "crm-vendor"));
        assertFalse(registry.isDesignated(Designation.of(ANA, PARTNER, "crm-vendor")));
        assertTrue(registry.isDesignated(Designation.of(ANA, PARTNER, "erp-vendor")));
    }

    @Test
    void nullArguments_areInvalidInput() {
        DesignationRegistry registry = newRegistry();
        assertThrows(InvalidInputException.class, () -> registry.designate(null));
        assertThrows(InvalidInputException.class, () -> registry.revoke(null));
        assertThrows(InvalidInputException.class, () -> registry.isDesignated(null));
    }

    @Test
    void designationsFromManyThreads_allStand() throws Exception {
        DesignationRegistry registry = newRegistry();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> writers = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int thread = t;
                writers.add(pool.submit(() -> {
                    for (int i = 0; i < 200; i++) {
                        registry.designate(Designation.of(SubjectId.of("acct-" + i), PARTNER, "vendor-" + thread));
                    }
                }));
            }
            for (Future<?> w : writers) {
                w.get();
            }
        } finally {
            pool.shutdown();
        }
        int found = 0;
        for (int t = 0; t < 4; t++) {
            for (int i = 0; i < 200; i++) {
                found += registry.isDesignated(Designation.of(SubjectId.of("acct-" + i), PARTNER, "vendor-" + t))
                        ? 1 : 0;
            }
        }
        assertEquals(800, found);
    }

    @Test
    void toString_namesNoSubject() {
        DesignationRegistry registry = newRegistry();
        registry.designate(Designation.of(ANA, PARTNER, "crm-vendor"));
        assertFalse(registry.toString().contains("acct-1042"), registry.toString());
    }
}
