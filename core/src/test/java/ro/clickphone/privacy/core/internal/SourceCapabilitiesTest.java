package ro.clickphone.privacy.core.internal;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import ro.clickphone.privacy.core.PrivacyKit;
import ro.clickphone.privacy.core.policy.Policy;
import ro.clickphone.privacy.spi.ConfigurationException;
import ro.clickphone.privacy.spi.DataCategory;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.RecordRef;
import ro.clickphone.privacy.spi.memory.InMemoryPersonalDataSource;
import ro.clickphone.privacy.spi.memory.InMemoryStores;
import ro.clickphone.privacy.spi.source.DisposalAction;
import ro.clickphone.privacy.spi.source.PersonalDataSource;
import ro.clickphone.privacy.spi.source.SourceCapability;

/**
 * A source's declared capabilities are exactly the optional methods it overrides, or the kit refuses it.
 * {@link SourceCapability} has no constant yet (the rights issue adds them), so the rule is shown on a
 * stand-in interface shaped as {@link PersonalDataSource} will be, and checked on the real one for what it
 * has today.
 */
class SourceCapabilitiesTest {

    /** {@link PersonalDataSource} as the rights issue will shape it: optional methods, one overloaded. */
    interface Source {
        String name();

        void dispose(String record);

        default Set<Capability> capabilities() {
            return Set.of();
        }

        default List<String> find(String subject) {
            throw new UnsupportedOperationException("find");
        }

        default String export(String subject) {
            throw new UnsupportedOperationException("export");
        }

        default String export(String subject, int limit) {
            throw new UnsupportedOperationException("export");
        }
    }

    enum Capability {
        FIND("find"), EXPORT("export");

        final String method;

        Capability(String method) {
            this.method = method;
        }
    }

    abstract static class Base implements Source {
        @Override
        public String name() {
            return "crm";
        }

        @Override
        public void dispose(String record) {
        }
    }

    static class DisposesOnly extends Base {
    }

    static class Finds extends Base {
        @Override
        public List<String> find(String subject) {
            return List.of();
        }
    }

    static class Exports extends Base {
        @Override
        public String export(String subject) {
            return "";
        }

        @Override
        public String export(String subject, int limit) {
            return "";
        }
    }

    static class ExportsHalf extends Base {
        @Override
        public String export(String subject) {
            return "";
        }
    }

    /** Inherits its implementation of find from a superclass. */
    static class InheritsFind extends Finds {
    }

    /** Gets find from another interface's default. */
    interface FindingSource extends Source {
        @Override
        default List<String> find(String subject) {
            return List.of("r-1");
        }
    }

    static class FindsByInterface extends Base implements FindingSource {
    }

    static List<Arguments> agreements() {
        return List.of(
                Arguments.of(DisposesOnly.class, Set.of()),
                Arguments.of(Finds.class, Set.of(Capability.FIND)),
                Arguments.of(Exports.class, Set.of(Capability.EXPORT)),
                Arguments.of(InheritsFind.class, Set.of(Capability.FIND)),
                Arguments.of(FindsByInterface.class, Set.of(Capability.FIND)));
    }

    @ParameterizedTest(name = "{0} declaring {1}")
    @MethodSource("agreements")
    void declarationMatchingTheMethods_isAccepted(Class<?> type, Set<Capability> declared) {
        assertDoesNotThrow(() -> check(type, declared));
    }

    static List<Arguments> disagreements() {
        return List.of(
                // implemented but not declared: the kit would skip the source silently
                Arguments.of(Finds.class, Set.of(), "implements find(String) but does not declare capability FIND"),
                Arguments.of(InheritsFind.class, Set.of(), "does not declare capability FIND"),
                Arguments.of(FindsByInterface.class, Set.of(), "does not declare capability FIND"),
                Arguments.of(Exports.class, Set.of(Capability.FIND),
                        "declares capability FIND in capabilities() but does not implement find(String)"),
                // declared but not implemented: it would fail at run time
                Arguments.of(DisposesOnly.class, Set.of(Capability.EXPORT),
                        "declares capability EXPORT in capabilities() but does not implement export(String),"
                                + " export(String, int)"),
                Arguments.of(ExportsHalf.class, Set.of(Capability.EXPORT), "does not implement export(String, int)"),
                Arguments.of(ExportsHalf.class, Set.of(), "implements export(String) but does not declare capability"
                        + " EXPORT"));
    }

    @ParameterizedTest(name = "{0} declaring {1}")
    @MethodSource("disagreements")
    void declarationDisagreeingWithTheMethods_isAConfigurationError_namingSourceAndCapability(Class<?> type,
            Set<Capability> declared, String says) {
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> check(type, declared));
        assertTrue(e.getMessage().startsWith("Source crm "), e.getMessage());
        assertTrue(e.getMessage().contains(says), e.getMessage());
    }

    @Test
    void everyOptionalMethod_isNamedByACapability_onTheStandIn_andOnPersonalDataSource() {
        assertEquals(List.of(), SourceCapabilities.unnamedOptionalMethods(Source.class, Capability.values(),
                c -> c.method));
        assertEquals(List.of("find(String)"), SourceCapabilities.unnamedOptionalMethods(Source.class,
                new Capability[] {Capability.EXPORT}, c -> c.method), "a default method without capability is found");
        // The rights issue adds a default method with its capability; forgetting the capability fails here.
        assertEquals(List.of(), SourceCapabilities.unnamedOptionalMethods(PersonalDataSource.class,
                SourceCapability.values(), SourceCapability::methodName));
        for (SourceCapability capability : SourceCapability.values()) {
            assertTrue(Arrays.stream(PersonalDataSource.class.getMethods()).anyMatch(m -> m.isDefault()
                    && m.getName().equals(capability.methodName())), capability + " names a default method");
        }
    }

    @Test
    void builder_acceptsASourceDeclaringWhatItImplements() {
        assertDoesNotThrow(() -> PrivacyKit.builder().policy(Policy.clickPhoneDefault())
                .stores(InMemoryStores.create())
                .source(new InMemoryPersonalDataSource("cdr", Set.of(DataCategory.of("TRAFFIC")))).build());
    }

    @Test
    void builder_refusesNullCapabilities_asInvalidInput() {
        Set<SourceCapability> withNull = new HashSet<>();
        withNull.add(null);
        for (Set<SourceCapability> declared : Arrays.asList(null, Collections.unmodifiableSet(withNull))) {
            InvalidInputException e = assertThrows(InvalidInputException.class,
                    () -> PrivacyKit.builder().source(new Declaring(declared)));
            assertTrue(e.getMessage().contains("source.capabilities"), e.getMessage());
        }
    }

    /** A source whose declaration is given. */
    private static final class Declaring implements PersonalDataSource {
        private final Set<SourceCapability> declared;

        Declaring(Set<SourceCapability> declared) {
            this.declared = declared;
        }

        @Override
        public String name() {
            return "crm";
        }

        @Override
        public Set<DataCategory> categories() {
            return Set.of(DataCategory.of("CONTACT"));
        }

        @Override
        public Set<SourceCapability> capabilities() {
            return declared;
        }

        @Override
        public void dispose(RecordRef record, DisposalAction action) {
        }
    }

    private static void check(Class<?> type, Set<Capability> declared) {
        SourceCapabilities.check("crm", type, Source.class, declared, Capability.values(), c -> c.method);
    }
}
