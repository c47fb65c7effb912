package ro.clickphone.privacy.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.domain.JavaType;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.Random;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import ro.clickphone.privacy.spi.SubjectId;
import ro.clickphone.privacy.spi.keys.Signer;
import ro.clickphone.privacy.spi.notify.NotificationChannel;
import ro.clickphone.privacy.spi.notify.OutboundMessage;

/**
 * The architecture rules every module holds. Each module's {@code ArchitectureTest} runs them over
 * its own main classes only ({@link ModuleClasses}), so a rule broken in one module fails that
 * module's build.
 */
public final class ArchitectureRules {

    private static final String ROOT = "ro.clickphone.privacy";
    /** The audit trail, the one class outside spi that may use {@link #TRUSTED_AUDIT}. */
    private static final String TRAIL = ROOT + ".core.audit.AuditTrail";
    /** spi's bridge for the trail's own audit records (exported to core alone). */
    private static final String TRUSTED_AUDIT = ROOT + ".spi.internal.audit";

    private ArchitectureRules() {
    }

    /** Dependencies point one way only: spi ← crypto ← core ← jpa ← examples (benchmarks use the public API). */
    @ArchTest
    public static final ArchRule LAYERS = layeredArchitecture()
            .consideringOnlyDependenciesInLayers()
            .withOptionalLayers(true)
            .layer("spi").definedBy(ROOT + ".spi..")
            .layer("crypto").definedBy(ROOT + ".crypto..")
            .layer("core").definedBy(ROOT + ".core..")
            .layer("jpa").definedBy(ROOT + ".jpa..")
            .layer("examples").definedBy(ROOT + ".examples..")
            .layer("benchmarks").definedBy(ROOT + ".benchmarks..")
            .whereLayer("spi").mayNotAccessAnyLayer()
            .whereLayer("crypto").mayOnlyAccessLayers("spi")
            .whereLayer("core").mayOnlyAccessLayers("spi", "crypto")
            .whereLayer("jpa").mayOnlyAccessLayers("spi", "crypto", "core")
            .whereLayer("examples").mayOnlyAccessLayers("spi", "crypto", "core", "jpa")
            .whereLayer("benchmarks").mayOnlyAccessLayers("spi", "crypto", "core", "jpa")
            .because("DESIGN.md §2: dependencies point one way only");

    /**
     * Micrometer stays in its adapter module (issue 20): the kit measures through the
     * {@code spi.metrics} listener, so an application that does not add
     * {@code clickphone-privacy-metrics-micrometer} carries no metrics library.
     */
    @ArchTest
    public static final ArchRule ONLY_THE_ADAPTER_USES_MICROMETER = noClasses()
            .that().resideOutsideOfPackage(ROOT + ".metrics.micrometer..")
            .should().dependOnClassesThat().resideInAPackage("io.micrometer..")
            .allowEmptyShould(true)
            .because("the kit measures through spi.metrics.PrivacyMetrics; only the adapter module knows Micrometer");

    /** The spi module is what plugin authors compile against: it depends on the JDK alone. */
    @ArchTest
    public static final ArchRule SPI_DEPENDS_ON_JDK_ONLY = classes()
            .that().resideInAPackage(ROOT + ".spi..")
            .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "javax.crypto..", ROOT + ".spi..")
            .allowEmptyShould(true)
            .because("plugin authors must not inherit the SDK's dependencies");

    /** A module's internal packages are its own business. */
    @ArchTest
    public static final ArchRule INTERNAL_PACKAGES_STAY_INSIDE_THEIR_MODULE = classes()
            .should(notUseAnotherModulesInternals())
            .because("implementation lives in ...internal packages that only their own module may use");

    /**
     * The audit trail makes its own records without validating again what it computed, through
     * {@code spi.internal.audit}; nothing else may reach that path (store plugins and callers get the
     * public, validating {@code AuditRecord} constructor only). The bridge also refuses any caller
     * but the trail at run time.
     */
    @ArchTest
    public static final ArchRule TRUSTED_AUDIT_RECORDS_ARE_THE_TRAILS_ALONE = noClasses()
            .that().doNotHaveFullyQualifiedName(TRAIL)
            .and().doNotHaveFullyQualifiedName(ROOT + ".spi.audit.AuditRecord")
            .and().doNotHaveFullyQualifiedName(ROOT + ".spi.audit.AuditRecord$Trusted")
            .and().resideOutsideOfPackage(TRUSTED_AUDIT)
            .should().dependOnClassesThat().resideInAPackage(TRUSTED_AUDIT)
            .allowEmptyShould(true)
            .because("a record from anywhere but the trail itself must pass the AuditRecord constructor's checks");

    /**
     * The one-shot mark that lets a record skip the constructor's checks is set by the trusted maker
     * alone ({@code AuditRecord$Trusted}); the mark only counts with AuditRecord's private token, so
     * this holds the call site too.
     */
    @ArchTest
    public static final ArchRule ONLY_THE_TRUSTED_MAKER_VOUCHES = noClasses()
            .that().doNotHaveFullyQualifiedName(ROOT + ".spi.audit.AuditRecord$Trusted")
            .should().callMethod(ROOT + ".spi.audit.CodeMap", "vouch", Object.class.getName())
            .allowEmptyShould(true)
            .because("only the audit trail's maker may mark a record's details as already checked");

    /**
     * Core never hands out a signer: whoever holds one can sign arbitrary bytes and mint audit
     * checkpoints and consent receipts that verify. The kit wires its signer where it is needed and
     * exposes verification only; {@code core.internal} (not exported) is where the wiring lives.
     */
    @ArchTest
    public static final ArchRule CORE_HANDS_OUT_NO_SIGNER = classes()
            .that().resideInAPackage(ROOT + ".core..")
            .and().resideOutsideOfPackage(ROOT + ".core.internal..")
            .and().arePublic()
            .should(handOutNoSigner())
            .allowEmptyShould(true)
            .because("a holder of the kit must not be able to sign checkpoints or receipts");

    /**
     * The CDR model and pseudonymizer are what stream and batch engine modules build on with crypto
     * alone: they use crypto's public API (the region rule through {@code PhoneOptions}), never its
     * internals, so that their behaviour is the one the API documents.
     */
    @ArchTest
    public static final ArchRule CDR_MODEL_USES_PUBLIC_CRYPTO_ONLY = noClasses()
            .that().resideInAPackage(ROOT + ".crypto.cdr..")
            .should().dependOnClassesThat().resideInAPackage(ROOT + ".crypto.internal..")
            .allowEmptyShould(true)
            .because("the kit-free CDR model is the contract the engine modules rely on");

    /** core's root package holds the facade alone; each capability has its room. */
    @ArchTest
    public static final ArchRule CORE_ROOT_HOLDS_ONLY_THE_KIT = packageHoldsOnly(ROOT + ".core", "PrivacyKit");

    /**
     * A package holds only the named top-level types (and their nested types).
     *
     * @param packageName the package, exactly
     * @param allowed the simple names of the top-level types it may hold
     * @return the rule
     */
    public static ArchRule packageHoldsOnly(String packageName, String... allowed) {
        Set<String> names = Set.of(allowed);
        return classes().that().resideInAPackage(packageName)
                .should(new ArchCondition<>("be one of " + names + " or nested in one") {
                    @Override
                    public void check(JavaClass type, ConditionEvents events) {
                        JavaClass top = type;
                        while (top.getEnclosingClass().isPresent()) {
                            top = top.getEnclosingClass().get();
                        }
                        if (!names.contains(top.getSimpleName()) && !top.getSimpleName().equals("package-info")) {
                            events.add(SimpleConditionEvent.violated(type, type.getName() + " is not one of " + names));
                        }
                    }
                })
                .allowEmptyShould(true)
                .because("a reader finds their room from the package names alone");
    }

    /**
     * core's own channels (the logging channel) read no address, subject line or body: they log a
     * masked summary, so a development kit never writes a message's text to its logs. Channel
     * plugins in their own modules deliver the text and are not bound by this.
     */
    @ArchTest
    public static final ArchRule CORE_CHANNELS_READ_NO_MESSAGE_TEXT = noClasses()
            .that().resideInAPackage(ROOT + ".core..").and().implement(NotificationChannel.class)
            .should().callMethod(OutboundMessage.class, "to")
            .orShould().callMethod(OutboundMessage.class, "subjectLine")
            .orShould().callMethod(OutboundMessage.class, "body")
            .allowEmptyShould(true)
            .because("the built-in channels log a masked summary: key, medium, language, attachment count");

    /**
     * A notification channel sees the rendered message and nothing of the subject (issue 14: "never
     * the subject's record"): no type a channel's public methods take or return — nor any type those
     * types hold, are or return, followed through the SDK's own types — is a {@link SubjectId} or
     * comes from the packages of the subject's record (consent, accounts, keys, vault, audit,
     * retention, sources).
     */
    @ArchTest
    public static final ArchRule CHANNELS_NEVER_SEE_THE_SUBJECT = classes()
            .that().areAssignableTo(NotificationChannel.class)
            .should(seeNothingOfTheSubject())
            .allowEmptyShould(true)
            .because("a channel gets the address, subject line, body and attachments, never the subject's record");

    /** Randomness comes from SecureRandom only. */
    @ArchTest
    public static final ArchRule NO_INSECURE_RANDOM = noClasses()
            .should().dependOnClassesThat().belongToAnyOf(Random.class, ThreadLocalRandom.class, SplittableRandom.class)
            .orShould().callMethod(Math.class, "random")
            .because("keys, nonces and tokens need SecureRandom; java.util.Random is predictable");

    /**
     * No public method returns, and no public field holds, a signer: of any signer class, or inside
     * a generic type such as {@code Optional<Signer>} or {@code Supplier<? extends Signer>}.
     */
    private static ArchCondition<JavaClass> handOutNoSigner() {
        return new ArchCondition<>("hand out no Signer through a public method or field") {
            @Override
            public void check(JavaClass type, ConditionEvents events) {
                for (JavaMethod method : type.getAllMethods()) {
                    if (method.getModifiers().contains(JavaModifier.PUBLIC) && involvesSigner(method.getReturnType())) {
                        events.add(SimpleConditionEvent.violated(method, method.getFullName() + " hands out a signer"));
                    }
                }
                for (JavaField field : type.getAllFields()) {
                    if (field.getModifiers().contains(JavaModifier.PUBLIC) && involvesSigner(field.getType())) {
                        events.add(SimpleConditionEvent.violated(field, field.getFullName() + " holds a signer"));
                    }
                }
            }
        };
    }

    private static boolean involvesSigner(JavaType type) {
        return type.getAllInvolvedRawTypes().stream().anyMatch(raw -> raw.isAssignableTo(Signer.class));
    }

    private static final Pattern SUBJECT_RECORD = Pattern.compile(Pattern.quote(ROOT)
            + "\\.spi\\.(consent|account|keys|vault|audit|retention|source)(\\..*)?");

    private static ArchCondition<JavaClass> seeNothingOfTheSubject() {
        return new ArchCondition<>("see nothing of the subject through its public methods") {
            @Override
            public void check(JavaClass channel, ConditionEvents events) {
                java.util.Deque<JavaClass> todo = new java.util.ArrayDeque<>();
                Set<String> seen = new java.util.HashSet<>();
                for (JavaMethod method : channel.getAllMethods()) {
                    if (method.getModifiers().contains(JavaModifier.PUBLIC)
                            && !method.getModifiers().contains(JavaModifier.STATIC)) {
                        method.getReturnType().getAllInvolvedRawTypes().forEach(todo::add);
                        method.getParameterTypes().forEach(p -> p.getAllInvolvedRawTypes().forEach(todo::add));
                    }
                }
                while (!todo.isEmpty()) {
                    JavaClass type = todo.pop();
                    if (type.isArray()) {
                        todo.add(type.getBaseComponentType());
                        continue;
                    }
                    if (!seen.add(type.getName()) || !type.getPackageName().startsWith(ROOT)) {
                        continue;
                    }
                    if (type.isAssignableTo(SubjectId.class) || SUBJECT_RECORD.matcher(type.getPackageName()).matches()) {
                        events.add(SimpleConditionEvent.violated(channel, channel.getName() + " can reach "
                                + type.getName() + " through its public methods"));
                        continue;
                    }
                    type.getAllFields().stream().filter(f -> !f.getModifiers().contains(JavaModifier.STATIC))
                            .forEach(f -> f.getType().getAllInvolvedRawTypes().forEach(todo::add));
                    type.getMethods().stream().filter(m -> m.getModifiers().contains(JavaModifier.PUBLIC)
                            && !m.getModifiers().contains(JavaModifier.STATIC))
                            .forEach(m -> m.getReturnType().getAllInvolvedRawTypes().forEach(todo::add));
                    type.getSubclasses().forEach(todo::add);
                }
            }
        };
    }

    private static ArchCondition<JavaClass> notUseAnotherModulesInternals() {
        Pattern internal = Pattern.compile(Pattern.quote(ROOT) + "\\.(\\w+)\\.internal(\\..*)?");
        return new ArchCondition<>("not use another module's internal packages") {
            @Override
            public void check(JavaClass origin, ConditionEvents events) {
                for (Dependency dependency : origin.getDirectDependenciesFromSelf()) {
                    Matcher m = internal.matcher(dependency.getTargetClass().getPackageName());
                    if (!m.matches()) {
                        continue;
                    }
                    String owner = ROOT + "." + m.group(1);
                    String originPackage = origin.getPackageName();
                    if (origin.getFullName().equals(TRAIL)
                            && dependency.getTargetClass().getPackageName().equals(TRUSTED_AUDIT)) {
                        // The one exemption: see TRUSTED_AUDIT_RECORDS_ARE_THE_TRAILS_ALONE.
                        continue;
                    }
                    if (!originPackage.equals(owner) && !originPackage.startsWith(owner + ".")) {
                        events.add(SimpleConditionEvent.violated(dependency, dependency.getDescription()));
                    }
                }
            }
        };
    }
}
