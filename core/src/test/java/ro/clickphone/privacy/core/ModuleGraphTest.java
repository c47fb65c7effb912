package ro.clickphone.privacy.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.lang.module.Configuration;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ResolvedModule;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The tests run on the class path (the spi test kit shares packages with spi's main jar), so this
 * test proves the module graph itself: it resolves core, crypto and spi as named modules from the
 * built classes and their dependencies' jars, and checks that only API packages are exported.
 */
class ModuleGraphTest {

    private static final String ROOT = "ro.clickphone.privacy.";
    /** The jars the three modules need at run time, by a part of their file name. */
    private static final List<String> RUNTIME = List.of("caffeine", "libphonenumber", "bcprov", "slf4j-api",
            "jackson-databind", "jackson-core", "jackson-annotations", "commons-csv", "commons-codec", "commons-io",
            "jmustache");

    private static Configuration graph() {
        Path[] entries = List.of(System.getProperty("java.class.path").split(File.pathSeparator)).stream()
                .map(Path::of)
                .filter(p -> isOurMainModule(p) || RUNTIME.stream().anyMatch(n -> p.getFileName().toString().startsWith(n)))
                .toArray(Path[]::new);
        return Configuration.resolve(ModuleFinder.of(entries), List.of(ModuleLayer.boot().configuration()),
                ModuleFinder.of(), List.of(ROOT + "core"));
    }

    private static Map<String, ModuleDescriptor> resolveCore() {
        return graph().modules().stream().map(ResolvedModule::reference)
                .collect(Collectors.toMap(r -> r.descriptor().name(), r -> r.descriptor(), (a, b) -> a));
    }

    /** spi's, crypto's and core's main classes or jars; never a test-classes folder or test jar. */
    private static boolean isOurMainModule(Path p) {
        String s = p.toString().replace('\\', '/');
        boolean ours = s.contains("/spi/target/") || s.contains("/crypto/target/") || s.contains("/core/target/")
                || s.contains("clickphone-privacy-spi") || s.contains("clickphone-privacy-crypto")
                || s.contains("clickphone-privacy-core");
        return ours && !s.contains("test-classes") && !s.endsWith("-tests.jar");
    }

    private static Set<String> exports(ModuleDescriptor module) {
        return module.exports().stream().filter(e -> !e.isQualified()).map(ModuleDescriptor.Exports::source)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    @Test
    void core_resolvesAsANamedModule_withCryptoAndSpi() {
        Map<String, ModuleDescriptor> modules = resolveCore();
        for (String name : List.of("spi", "crypto", "core")) {
            ModuleDescriptor module = modules.get(ROOT + name);
            assertTrue(module != null && !module.isAutomatic(), name + " is not an explicit module: " + modules.keySet());
        }
    }

    @Test
    void modules_exportTheirApiPackages_andNoInternalOne() {
        Map<String, ModuleDescriptor> modules = resolveCore();
        Function<String, Set<String>> exported = name -> exports(modules.get(ROOT + name));
        assertEquals(new TreeSet<>(Set.of("ro.clickphone.privacy.spi", "ro.clickphone.privacy.spi.account",
                "ro.clickphone.privacy.spi.audit", "ro.clickphone.privacy.spi.consent",
                "ro.clickphone.privacy.spi.incident", "ro.clickphone.privacy.spi.keys",
                "ro.clickphone.privacy.spi.memory", "ro.clickphone.privacy.spi.metrics", "ro.clickphone.privacy.spi.notify",
                "ro.clickphone.privacy.spi.rekey", "ro.clickphone.privacy.spi.retention",
                "ro.clickphone.privacy.spi.rights", "ro.clickphone.privacy.spi.source",
                "ro.clickphone.privacy.spi.vault")), exported.apply("spi"));
        assertEquals(new TreeSet<>(Set.of("ro.clickphone.privacy.crypto", "ro.clickphone.privacy.crypto.cdr",
                "ro.clickphone.privacy.crypto.kek", "ro.clickphone.privacy.crypto.mask",
                "ro.clickphone.privacy.crypto.pseudonym", "ro.clickphone.privacy.crypto.search",
                "ro.clickphone.privacy.crypto.sign")), exported.apply("crypto"));
        assertEquals(new TreeSet<>(Set.of("ro.clickphone.privacy.core", "ro.clickphone.privacy.core.access",
                "ro.clickphone.privacy.core.audit", "ro.clickphone.privacy.core.cdr", "ro.clickphone.privacy.core.consent",
                "ro.clickphone.privacy.core.incident", "ro.clickphone.privacy.core.notify", "ro.clickphone.privacy.core.policy",
                "ro.clickphone.privacy.core.rekey", "ro.clickphone.privacy.core.retention", "ro.clickphone.privacy.core.rights")),
                exported.apply("core"));
        for (String name : List.of("spi", "crypto", "core")) {
            ModuleDescriptor module = modules.get(ROOT + name);
            assertTrue(module.packages().contains(ROOT + name + ".internal"), name + " has an internal package");
        }
        assertTrue(modules.get(ROOT + "core").packages().contains(ROOT + "core.incident.internal"),
                "the incident register's implementation is core's, not exported");
        assertTrue(modules.get(ROOT + "core").packages().contains(ROOT + "core.rights.internal"),
                "the rights engine, export writer and eraser are core's, not exported");
    }

    /**
     * Runs real code as named modules, apart from the class path: the policy document is bound to
     * core.policy's records by Jackson, which needs the {@code opens} in core's module-info.
     */
    @Test
    void policy_loadsAsANamedModule_whereJacksonMustBeLetIn() throws Exception {
        ModuleLayer layer = ModuleLayer.boot().defineModulesWithOneLoader(graph(), ClassLoader.getPlatformClassLoader());
        Class<?> policy = layer.findLoader(ROOT + "core").loadClass(ROOT + "core.policy.Policy");
        assertEquals(ROOT + "core", policy.getModule().getName());
        Object loaded = policy.getMethod("clickPhoneDefault").invoke(null);
        assertEquals(policy, loaded.getClass());
    }

    /**
     * On the module path, core provides the logging channel's provider through its module-info (not
     * only META-INF/services), and uses the provider interface, so the kit's discovery finds it there too.
     */
    @Test
    void loggingChannelProvider_isFoundAsAService_ofCoresModule() throws Exception {
        ModuleLayer layer = ModuleLayer.boot().defineModulesWithOneLoader(graph(), ClassLoader.getPlatformClassLoader());
        ClassLoader loader = layer.findLoader(ROOT + "core");
        Class<?> service = loader.loadClass(ROOT + "spi.notify.NotificationChannelProvider");
        List<String> names = new java.util.ArrayList<>();
        for (Object provider : java.util.ServiceLoader.load(layer, service)) {
            names.add((String) service.getMethod("name").invoke(provider));
        }
        assertEquals(List.of("logging"), names);
        assertTrue(resolveCore().get(ROOT + "core").uses().contains(ROOT + "spi.notify.NotificationChannelProvider"));
    }
}
