package ro.clickphone.privacy.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Passwords and keys never come from arguments (they show in {@code ps} and in shell history): no
 * option of the database, key and incident commands takes one, and a JDBC URL carrying one is refused.
 */
class SecretsInArgumentsTest {

    private static final List<List<String>> COMMANDS = List.of(List.of("audit", "verify"), List.of("receipt", "verify"),
            List.of("keys", "rotate"), List.of("keys", "rewrap"), List.of("incidents", "due"));

    @TempDir
    Path dir;

    @Test
    void noOptionTakesAPasswordOrAKey_onlyFilesOfThem() {
        CommandLine root = ClickPhonePrivacyCli.commandLine(new java.io.PrintWriter(java.io.Writer.nullWriter()),
                new java.io.PrintWriter(java.io.Writer.nullWriter()), Map.<String, String>of()::get);
        for (List<String> path : COMMANDS) {
            CommandSpec spec = root.getSubcommands().get(path.get(0)).getSubcommands().get(path.get(1)).getCommandSpec();
            for (OptionSpec option : spec.options()) {
                for (String name : option.names()) {
                    boolean secretish = name.contains("password") || name.contains("secret")
                            || name.endsWith("-key") && !name.equals("--public-key") && !name.equals("--earlier-key");
                    assertTrue(!secretish || name.endsWith("-file"), () -> path + " " + name + " takes a secret as an argument");
                }
            }
        }
    }

    @Test
    void aPasswordOption_doesNotExist_exit2() {
        for (String option : new String[] {"--password=x", "--db-password=x", "--kek-password=x"}) {
            StoreFixture.Run run = StoreFixture.cli("keys", "rewrap", "--kek-file=k.p12", "--kek-id=k",
                    "--jdbc-url=jdbc:h2:mem:x", option);
            assertEquals(2, run.code(), run::toString);
            assertTrue(run.err().contains("Unknown option"), run::toString);
        }
    }

    /**
     * A password given as an option anyway is never echoed back: picocli's "Unknown option" message
     * quotes the argument, and the tool's error handler must not (the fix is in {@code Errors}).
     */
    @Test
    void aPasswordGivenAsAnOptionAnyway_isNeverEchoed() {
        String[][] forms = {
            {"keys", "rewrap", "--kek-file=k.p12", "--kek-id=k", "--jdbc-url=jdbc:h2:mem:x", "--db-password=hunter2"},
            {"keys", "rewrap", "--kek-file=k.p12", "--kek-id=k", "--jdbc-url=jdbc:h2:mem:x", "--kek-password", "hunter2"},
            {"audit", "verify", "--jdbc-url=jdbc:h2:mem:x", "--public-key=k.json", "--db-password=hunter2"},
            {"keys", "rotate", "--kek-file=k.p12", "--kek-id=k", "--kek-password", "hunter2"},
        };
        for (String[] args : forms) {
            StoreFixture.Run run = StoreFixture.cli(args);
            assertEquals(2, run.code(), run::toString);
            assertFalse(run.err().contains("hunter2"), () -> "the secret is echoed: " + run);
            assertFalse(run.out().contains("hunter2"), () -> "the secret is echoed: " + run);
        }
    }

    @Test
    void aUrlCarryingAPassword_isRefused_exit2_withoutEchoingIt() {
        Path key = dir.resolve("key.json");
        String[] urls = {"jdbc:postgresql://db.example.ro/privacy?user=dpo&password=S3cr3t-pw",
            "jdbc:mariadb://db.example.ro/privacy?user=dpo&PASSWORD=S3cr3t-pw",
            "jdbc:mariadb://db.example.ro/privacy?user=dpo&password1=S3cr3t-pw",
            "jdbc:h2:file:/tmp/x;USER=sa;PASSWORD =S3cr3t-pw", "jdbc:mysql://dpo:S3cr3t-pw@db.example.ro/privacy",
            "jdbc:mysql://dpo:S3cr;3t-pw@db.example.ro/privacy", "jdbc:mysql://dpo:S3cr/3t?pw@db.example.ro/privacy"};
        for (String url : urls) {
            for (String[] args : new String[][] {
                {"audit", "verify", "--jdbc-url=" + url, "--public-key=" + key},
                {"incidents", "due", "--jdbc-url=" + url}}) {
                StoreFixture.Run run = StoreFixture.cli(args);
                assertEquals(2, run.code(), run::toString);
                assertTrue(run.err().contains("--jdbc-url must not carry a password: put it in --db-password-file or"
                        + " CLICKPHONE_PRIVACY_DB_PASSWORD"), run::toString);
                assertTrue(run.oneLineError(), run::toString);
                assertFalse(run.err().contains("S3cr") || run.out().contains("S3cr"), run::toString);
            }
        }
    }

    @Test
    void aUrlWithoutAPassword_passesTheCheck_evenWithAnAtSignInTheUserParameter() {
        for (String url : new String[] {"jdbc:postgresql://db.example.ro:5432/privacy?user=dpo@db-server&ssl=true",
            "jdbc:postgresql://db.example.ro:5432/privacy", "jdbc:mariadb://db.example.ro:3306/privacy?user=dpo",
            "jdbc:h2:file:/tmp/x;USER=sa"}) {
            DatabaseOptions options = new DatabaseOptions();
            options.jdbcUrl = url;
            assertTrue(options.checkedUrl().startsWith(url), url);
        }
    }
}
