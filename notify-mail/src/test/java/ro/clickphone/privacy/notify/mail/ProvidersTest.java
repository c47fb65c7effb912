package ro.clickphone.privacy.notify.mail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import ro.clickphone.privacy.spi.ConfigurationException;
import ro.clickphone.privacy.spi.notify.Medium;
import ro.clickphone.privacy.spi.notify.NotificationChannel;
import ro.clickphone.privacy.spi.notify.NotificationChannelProvider;

/** Both providers are found by ServiceLoader and read their settings strictly, naming keys, never values. */
class ProvidersTest {

    private static final String PASSWORD = "parola-Secretă-7f3";

    @TempDir
    Path folder;

    private static Map<String, NotificationChannelProvider> discovered() {
        return ServiceLoader.load(NotificationChannelProvider.class).stream().map(ServiceLoader.Provider::get)
                .collect(Collectors.toMap(NotificationChannelProvider::name, p -> p, (a, b) -> a, TreeMap::new));
    }

    @Test
    void serviceLoader_findsTheMailboxAndSmtpProviders() {
        Map<String, NotificationChannelProvider> providers = discovered();
        assertEquals(Set.of("mailbox", "smtp"), providers.keySet());
        assertInstanceOf(MailboxChannelProvider.class, providers.get("mailbox"));
        assertInstanceOf(SmtpChannelProvider.class, providers.get("smtp"));
    }

    @Test
    void mailboxProvider_opensAChannelOnItsFolder_withItsNameAsId() {
        NotificationChannel channel = discovered().get("mailbox").open(Map.of("folder", folder.toString()));
        assertEquals("mailbox", channel.id());
        assertEquals(Set.of(Medium.EMAIL), channel.media());
        assertEquals(folder.toAbsolutePath(), ((MailboxChannel) channel).folder());
        assertEquals("archive", discovered().get("mailbox").open(Map.of("folder", folder.toString(), "id", "archive")).id());
    }

    @Test
    void mailboxProvider_withoutAFolder_orWithAnUnknownKey_failsNamingTheKey() {
        NotificationChannelProvider mailbox = discovered().get("mailbox");
        assertTrue(assertThrows(ConfigurationException.class, () -> mailbox.open(Map.of())).getMessage().contains("'folder'"));
        ConfigurationException typo = assertThrows(ConfigurationException.class,
                () -> mailbox.open(Map.of("folder", folder.toString(), "foldr", "x")));
        assertTrue(typo.getMessage().contains("'foldr'"), typo.getMessage());
    }

    @Test
    void smtpProvider_readsEverySetting() {
        Map<String, String> settings = new HashMap<>(Map.of("host", "smtp.clickphone.ro", "port", "2525",
                "username", "notify", "password", PASSWORD, "starttls", "required", "connect-timeout", "1500ms",
                "read-timeout", "PT45S", "from-override", "noreplay@clickphone.ro", "ehlo-name", "app1.clickphone.ro",
                "remembered-keys", "500"));
        settings.put("id", "smtp_backup");
        settings.put("plaintext-auth", "refuse");
        SmtpSettings read = SmtpSettings.fromMap(settings);
        assertEquals("smtp_backup", read.id());
        assertEquals("smtp.clickphone.ro", read.host());
        assertEquals(2525, read.port());
        assertEquals("notify", read.username().orElseThrow());
        assertEquals(StartTls.REQUIRED, read.startTls());
        assertEquals(Duration.ofMillis(1500), read.connectTimeout());
        assertEquals(Duration.ofSeconds(45), read.readTimeout());
        assertEquals("noreplay@clickphone.ro", read.fromOverride().orElseThrow());
        assertEquals("app1.clickphone.ro", read.ehloName());
        assertEquals(500, read.rememberedKeys());
        assertFalse(read.plaintextAuth());
        assertEquals("smtp_backup", new SmtpChannelProvider().open(settings).id());
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource({
        "port, 0", "port, 70000", "port, abc", "starttls, maybe", "connect-timeout, 0s", "connect-timeout, 11m",
        "read-timeout, soon", "remembered-keys, 0", "from-override, 'a@x.ro, b@y.ro'", "ehlo-name, 'bad name'",
        "plaintext-auth, yes", "id, Smtp", "host, 'smtp clickphone'", "truststore-password, only-the-password",
        "username, only-the-user", "colour, blue"
    })
    void smtpProvider_withAMalformedOrUnknownSetting_failsNamingTheKey_neverTheValueOrThePassword(String key, String value) {
        Map<String, String> settings = new HashMap<>(Map.of("host", "localhost", "starttls", "off"));
        if (!key.equals("username") && !key.equals("truststore-password")) {
            settings.put("username", "notify");
            settings.put("password", PASSWORD);
            settings.put("plaintext-auth", "allow");
        }
        settings.put(key, value);
        ConfigurationException failure = assertThrows(ConfigurationException.class, () -> new SmtpChannelProvider().open(settings));
        assertTrue(failure.getMessage().contains("'" + key + "'") || failure.getMessage().contains("'password'"),
                failure.getMessage());
        assertFalse(failure.getMessage().contains(PASSWORD));
        if (value.length() > 3 && !key.equals("colour")) {
            assertFalse(failure.getMessage().contains(value), failure.getMessage());
        }
    }

    @Test
    void smtpProvider_withAnUnreadableTrustStore_failsWithoutThePassword() {
        ConfigurationException failure = assertThrows(ConfigurationException.class, () -> new SmtpChannelProvider().open(
                Map.of("host", "localhost", "truststore", folder.resolve("missing.p12").toString(),
                        "truststore-password", PASSWORD)));
        assertTrue(failure.getMessage().contains("'truststore'"));
        for (Throwable t = failure; t != null; t = t.getCause()) {
            assertFalse(String.valueOf(t.getMessage()).contains(PASSWORD));
        }
    }

    @Test
    void smtpProvider_withoutAHost_failsNamingIt() {
        assertTrue(assertThrows(ConfigurationException.class, () -> new SmtpChannelProvider().open(Map.of("port", "25")))
                .getMessage().contains("'host'"));
    }

    @Test
    void builder_refusesASettingGivenTwice() {
        SmtpSettings.Builder builder = SmtpSettings.builder("localhost").port(25);
        assertTrue(assertThrows(ConfigurationException.class, () -> builder.port(26)).getMessage().contains("twice"));
    }

    @Test
    void providers_printTheirNameOnly() {
        assertEquals(List.of("MailboxChannelProvider", "SmtpChannelProvider"),
                List.of(new MailboxChannelProvider().toString(), new SmtpChannelProvider().toString()));
    }
}
