package ro.clickphone.privacy.notify.mail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.lang.module.Configuration;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.reflect.Constructor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tests run on the class path; this one resolves the module as a named module beside the spi,
 * Jakarta Mail and Angus Mail, finds its providers through its {@code provides} clause, and writes
 * a real {@code .eml} there — from a thread whose context class loader (the class path's) cannot see
 * the layer's Angus Mail, as a container's dispatcher thread might: Jakarta Mail looks its
 * implementation up through that loader, and the channel must lend it its own.
 */
class ModuleGraphTest {

    private static final String MODULE = "ro.clickphone.privacy.notify.mail";
    private static final List<String> RUNTIME = List.of("jakarta.mail-api", "angus-mail", "jakarta.activation-api",
            "angus-activation");

    @TempDir
    Path folder;

    private static ModuleLayer layer() {
        Path[] entries = Stream.of(System.getProperty("java.class.path").split(File.pathSeparator)).map(Path::of)
                .filter(p -> isOurs(p) || RUNTIME.stream().anyMatch(n -> p.getFileName().toString().startsWith(n + "-")))
                .toArray(Path[]::new);
        Configuration graph = Configuration.resolveAndBind(ModuleFinder.of(entries),
                List.of(ModuleLayer.boot().configuration()), ModuleFinder.of(), List.of(MODULE));
        return ModuleLayer.boot().defineModulesWithOneLoader(graph, ClassLoader.getPlatformClassLoader());
    }

    /** This module's and the spi's main classes; never a test-classes folder or a test jar. */
    private static boolean isOurs(Path p) {
        String s = p.toString().replace('\\', '/');
        boolean ours = s.contains("/notify-mail/target/classes") || s.contains("/spi/target/")
                || s.contains("clickphone-privacy-spi");
        return ours && !s.contains("test-classes") && !s.endsWith("-tests.jar");
    }

    @Test
    void module_exportsItsApiOnly_andProvidesBothChannels() {
        ModuleDescriptor module = layer().findModule(MODULE).orElseThrow().getDescriptor();
        assertFalse(module.isAutomatic());
        assertEquals(Set.of(MODULE), module.exports().stream().map(ModuleDescriptor.Exports::source)
                .collect(Collectors.toSet()));
        assertTrue(module.packages().contains(MODULE + ".internal"));
        assertEquals(new TreeSet<>(List.of(MODULE + ".MailboxChannelProvider", MODULE + ".SmtpChannelProvider")),
                module.provides().stream().flatMap(p -> p.providers().stream()).collect(Collectors.toCollection(TreeSet::new)));
    }

    /** Reflection, because the layer's spi classes are not the class path's. */
    @Test
    void mailboxChannel_asANamedModule_writesAnEml() throws Exception {
        ModuleLayer layer = layer();
        ClassLoader loader = layer.findLoader(MODULE);
        Class<?> providerType = loader.loadClass("ro.clickphone.privacy.spi.notify.NotificationChannelProvider");
        Object mailbox = ServiceLoader.load(layer, providerType).stream().map(ServiceLoader.Provider::get)
                .filter(p -> invoke(p, "name").equals("mailbox")).findFirst().orElseThrow();
        assertEquals(MODULE, mailbox.getClass().getModule().getName());
        Object channel = providerType.getMethod("open", Map.class).invoke(mailbox, Map.of("folder", folder.toString()));

        Class<?> medium = loader.loadClass("ro.clickphone.privacy.spi.notify.Medium");
        Class<?> message = loader.loadClass("ro.clickphone.privacy.spi.notify.OutboundMessage");
        Constructor<?> make = message.getConstructor(String.class, medium, String.class, String.class, String.class,
                String.class, String.class, List.class);
        Object outbound = make.newInstance(Fixtures.newKey("module"), medium.getField("EMAIL").get(null), Fixtures.FROM,
                Fixtures.TO, "ro", Fixtures.SUBJECT, Fixtures.BODY, List.of());
        Object result = loader.loadClass("ro.clickphone.privacy.spi.notify.NotificationChannel")
                .getMethod("send", message).invoke(channel, outbound);

        assertTrue((Boolean) result.getClass().getMethod("delivered").invoke(result), String.valueOf(result));
        try (Stream<Path> files = Files.list(folder)) {
            Path eml = files.filter(p -> p.toString().endsWith(".eml")).findFirst().orElseThrow();
            assertEquals(Fixtures.SUBJECT, Fixtures.parse(eml).getSubject());
        }
    }

    private static Object invoke(Object target, String method) {
        try {
            return target.getClass().getMethod(method).invoke(target);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }
}
