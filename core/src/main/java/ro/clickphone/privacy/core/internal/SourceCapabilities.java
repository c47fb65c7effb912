package ro.clickphone.privacy.core.internal;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import ro.clickphone.privacy.spi.ConfigurationException;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.source.PersonalDataSource;
import ro.clickphone.privacy.spi.source.SourceCapability;

/**
 * Checks that a {@link PersonalDataSource}'s declared {@linkplain PersonalDataSource#capabilities()
 * capabilities} are exactly the optional (default) methods its class overrides, so that the kit never
 * skips a method a source implements and never calls one it does not. Generic over the interface and
 * its capability enum so that the rule is tested today, before {@link SourceCapability} has constants.
 * Used by {@code PrivacyKit.Builder.source}; not API.
 */
public final class SourceCapabilities {

    /** The one default method of the SPI that is no capability: the declaration itself. */
    private static final String DECLARATION = "capabilities";

    private SourceCapabilities() {
    }

    /**
     * Refuses a source whose declared capabilities disagree with the methods its class overrides.
     *
     * @param name the source's name, for the message
     * @param source the source
     * @throws InvalidInputException if its capabilities are null or hold null
     * @throws ConfigurationException if a declared capability's method is not overridden, or an
     *     overridden optional method's capability is not declared
     */
    public static void check(String name, PersonalDataSource source) {
        Set<SourceCapability> declared = source.capabilities();
        if (declared == null || declared.stream().anyMatch(c -> c == null)) {
            throw new InvalidInputException("source.capabilities", "must not be null nor hold null");
        }
        check(name, source.getClass(), PersonalDataSource.class, declared, SourceCapability.values(),
                SourceCapability::methodName);
    }

    /**
     * The rule, for any interface whose optional methods are announced by an enum of capabilities.
     *
     * @param name the implementation's name, for the message
     * @param implementation the implementing class
     * @param spi the interface
     * @param declared the capabilities the implementation declares
     * @param all every capability
     * @param methodName the name of the default method(s) each capability stands for
     * @param <C> the capability type
     * @throws ConfigurationException if a declared capability's methods are not all overridden, or
     *     one of an undeclared capability's methods is
     */
    public static <C extends Enum<C>> void check(String name, Class<?> implementation, Class<?> spi, Set<C> declared,
            C[] all, Function<C, String> methodName) {
        for (C capability : all) {
            List<Method> methods = optionalMethods(spi, methodName.apply(capability));
            if (methods.isEmpty()) {
                // A capability without its method is a mistake in the library, not in the source.
                throw new IllegalStateException("Capability " + capability + " names no default method of "
                        + spi.getSimpleName());
            }
            List<Method> overridden = new ArrayList<>();
            List<Method> missing = new ArrayList<>();
            for (Method method : methods) {
                (overrides(implementation, spi, method) ? overridden : missing).add(method);
            }
            if (declared.contains(capability) && !missing.isEmpty()) {
                throw new ConfigurationException("Source " + name + " declares capability " + capability
                        + " in capabilities() but does not implement " + signatures(missing)
                        + ": implement it, or do not declare " + capability);
            }
            if (!declared.contains(capability) && !overridden.isEmpty()) {
                throw new ConfigurationException("Source " + name + " implements " + signatures(overridden)
                        + " but does not declare capability " + capability + " in capabilities(): declare it,"
                        + " or the kit never calls it");
            }
        }
    }

    /**
     * The default methods of an interface that no capability names, the declaration excepted: each
     * would be an optional method the kit could neither ask for nor check.
     *
     * @param spi the interface
     * @param all every capability
     * @param methodName the method name of each capability
     * @param <C> the capability type
     * @return the unnamed default methods, by signature
     */
    public static <C extends Enum<C>> List<String> unnamedOptionalMethods(Class<?> spi, C[] all,
            Function<C, String> methodName) {
        Set<String> named = Arrays.stream(all).map(methodName).collect(Collectors.toSet());
        return Arrays.stream(spi.getMethods())
                .filter(m -> m.isDefault() && m.getDeclaringClass() == spi && !m.getName().equals(DECLARATION)
                        && !named.contains(m.getName()))
                .map(SourceCapabilities::signature).sorted().toList();
    }

    private static List<Method> optionalMethods(Class<?> spi, String name) {
        return Arrays.stream(spi.getMethods())
                .filter(m -> m.isDefault() && m.getDeclaringClass() == spi && m.getName().equals(name)).toList();
    }

    private static boolean overrides(Class<?> implementation, Class<?> spi, Method method) {
        try {
            return implementation.getMethod(method.getName(), method.getParameterTypes()).getDeclaringClass() != spi;
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException("An implementation of " + spi.getSimpleName() + " lacks "
                    + signature(method), e);
        }
    }

    private static String signatures(List<Method> methods) {
        return methods.stream().map(SourceCapabilities::signature).sorted().collect(Collectors.joining(", "));
    }

    private static String signature(Method method) {
        return method.getName() + Arrays.stream(method.getParameterTypes()).map(Class::getSimpleName)
                .collect(Collectors.joining(", ", "(", ")"));
    }
}
