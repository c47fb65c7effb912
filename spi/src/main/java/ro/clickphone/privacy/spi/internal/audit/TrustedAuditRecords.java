package ro.clickphone.privacy.spi.internal.audit;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import ro.clickphone.privacy.spi.ActorKind;
import ro.clickphone.privacy.spi.audit.AuditOutcome;
import ro.clickphone.privacy.spi.audit.AuditRecord;

/**
 * The bridge through which core's {@code AuditTrail}, and nothing else, makes the records it has
 * just computed without the {@link AuditRecord} constructor validating again what the trail itself
 * produced (its pseudonyms, the ids of validated purposes and categories, the hashes it formatted).
 * What a caller supplied (the action and the details) was checked with the same rules when the
 * caller built its {@code AuditEvent} (an immutable value that validates itself), and the values the
 * trail adds from an {@code Actor} were checked when the actor was built, or by the trail.
 *
 * <p>The public constructor of {@link AuditRecord} stays the only way for anyone else, store plugins
 * included, and it validates every field: a record read from a store is never trusted. This class
 * hands the {@link Maker} to one caller only, {@code ro.clickphone.privacy.core.audit.AuditTrail}, which
 * keeps it in a private constant; everyone else gets {@link IllegalCallerException}. On the module
 * path the package is exported to core alone as well.
 */
public final class TrustedAuditRecords {

    /** The one class that may hold the maker. */
    static final String TRAIL = "ro.clickphone.privacy.core.audit.AuditTrail";

    private static final StackWalker WALKER = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE);
    private static volatile Maker maker;

    private TrustedAuditRecords() {
    }

    /**
     * Makes records that the trail vouches for. Implemented in {@code spi.audit} alone.
     */
    public interface Maker {

        /**
         * A record whose trail-made fields are taken as they are, in the order of the
         * {@link AuditRecord} components. The caller vouches that {@code actorRef} is its pseudonym of
         * a person or the id of a validated {@code Actor}, {@code purpose} and {@code categories} the
         * ids of validated values (the list immutable, sorted, without duplicates), {@code subjectRef}
         * its pseudonym, both hashes 64 lower-case hex digits it formatted, and that the action
         * and every detail key and value passed {@link AuditRecord#checkAction} and
         * {@link AuditRecord#checkDetail} (the {@code AuditEvent} they came from checked them when it
         * was built; the actor's roles and legal request were checked as the actor was built, or by
         * the trail); here only nulls are refused. The details must come sorted by key, without
         * duplicates, and the arrays are kept as they are: the caller never touches them again.
         *
         * @param sequence the sequence, from 1
         * @param timestamp when
         * @param actorKind the actor kind
         * @param actorRef the actor reference
         * @param action the action, already checked
         * @param purpose the purpose id
         * @param categories the category ids
         * @param subjectRef the subject pseudonym
         * @param outcome the outcome
         * @param detailKeys the detail keys, sorted, already checked; only the first {@code detailCount} count
         * @param detailValues the detail values, already checked, in the order of the keys
         * @param detailCount how many details
         * @param previousHash the previous hash
         * @param hash the hash
         * @return the record
         * @throws ro.clickphone.privacy.spi.InvalidInputException if a field is null or the detail keys are
         *     not sorted and distinct
         */
        AuditRecord chained(long sequence, Instant timestamp, ActorKind actorKind, String actorRef, String action,
                Optional<String> purpose, List<String> categories, Optional<String> subjectRef, AuditOutcome outcome,
                String[] detailKeys, String[] detailValues, int detailCount, String previousHash, String hash);
    }

    /**
     * Called once by {@link AuditRecord}'s class initialiser.
     *
     * @param m the maker
     * @throws IllegalCallerException if the caller is not {@link AuditRecord}, or a maker is installed
     */
    public static void install(Maker m) {
        Class<?> caller = WALKER.getCallerClass();
        if (caller != AuditRecord.class || maker != null || m == null
                || m.getClass().getNestHost() != AuditRecord.class) {
            throw new IllegalCallerException("only AuditRecord installs the trusted maker");
        }
        maker = m;
    }

    /**
     * The maker, for core's {@code AuditTrail} alone: on the class path, only the {@code AuditTrail}
     * class that spi's own class loader resolves (refused when core is not visible from there, or is
     * loaded twice); the trail then uses the validating constructor.
     *
     * @return the maker
     * @throws IllegalCallerException for any other caller
     */
    public static Maker forTrail() {
        Class<?> caller = WALKER.getCallerClass();
        if (!isTheTrail(caller)) {
            throw new IllegalCallerException("the trusted audit record path is the audit trail's alone");
        }
        ensureInstalled();
        return maker;
    }

    private static boolean isTheTrail(Class<?> caller) {
        if (caller == null || !caller.getName().equals(TRAIL)) {
            return false;
        }
        Module module = caller.getModule();
        if (TrustedAuditRecords.class.getModule().isNamed()) {
            return module.isNamed() && module.getName().equals("ro.clickphone.privacy.core");
        }
        // On the class path: only the AuditTrail that spi's own class loader chain resolves. A class of
        // that name defined by another loader (a second copy of core, or an impostor in a child loader
        // that spi cannot see) is refused; the trail then falls back to the validating constructor.
        try {
            Class<?> real = Class.forName(TRAIL, false, TrustedAuditRecords.class.getClassLoader());
            return real == caller;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    private static void ensureInstalled() {
        if (maker == null) {
            try {
                Class.forName(AuditRecord.class.getName(), true, AuditRecord.class.getClassLoader());
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException("AuditRecord is missing", e);
            }
            if (maker == null) {
                throw new IllegalStateException("AuditRecord did not install its trusted maker");
            }
        }
    }
}
