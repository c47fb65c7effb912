package ro.clickphone.privacy.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A usage error never echoes what was typed after an option name: a key or a password given by mistake
 * as an argument stays off standard error (picocli's own messages quote it).
 */
class UsageErrorsShowNoValuesTest {

    private static final String KEY = "Zm9vYmFyLXRoaXMtaXMtdGhlLWtleS0xMjM0NTY3OA==";

    private static void assertHidden(String secret, String... args) {
        Cli.Result result = Cli.run(args);
        assertEquals(ExitCodes.USAGE, result.code(), result.all());
        assertFalse(result.all().contains(secret), () -> "shown: " + result.err());
        assertTrue(result.err().startsWith("clickphone-privacy: "), result.err());
    }

    @Test
    void aKeyTypedAsAnArgument_isNeverShown() {
        assertHidden(KEY, "pseudonymize", "--profile=analytics", "--in=a.csv", "--out=b.csv", "--key=" + KEY);
        assertHidden(KEY, "pseudonymize", "--profile=analytics", "--in=a.csv", "--out=b.csv", "--key", KEY);
        assertHidden(KEY, "pseudonymize", "--profile=analytics", "--in=a.csv", "--out=b.csv", KEY);
        assertHidden(KEY, "pseudonymize", "--profile=analytics", "--in=a.csv", "--out=b.csv", "--key-version", KEY);
        assertHidden(KEY, "pseudonymize", "--profile=analytics", "--in=a.csv", "--out=b.csv", "--key-version=" + KEY);
        assertHidden(KEY, "pseudonymize", "--profile=analytics", "--in=a.csv", "--out=b.csv", "--progress", KEY);
        assertHidden(KEY, "pseudonymize", "--profile=analytics", "--in", "--key=" + KEY);
    }

    @Test
    void aPasswordTypedAsAnArgument_isNeverShown() {
        assertHidden("hunter2", "audit", "verify", "--jdbc-url=jdbc:h2:mem:x", "--public-key=k.pem",
                "--db-password=hunter2");
        assertHidden("hunter2", "keys", "rotate", "--kek-file=k.p12", "--kek-id=k", "--kek-password", "hunter2");
        assertHidden("hunter2", "keys", "rotate", "--kek-file=k.p12", "--kek-id=k", "--kek-password=hunter2");
    }

    @Test
    void theMessagesStillSayWhatIsWrong() {
        Cli.Result unknown = Cli.run("pseudonymize", "--profile=analytics", "--in=a.csv", "--out=b.csv", "--key=" + KEY);
        assertEquals("clickphone-privacy: Unknown option: '--key'", unknown.errLines().get(0));
        Cli.Result argument = Cli.run("pseudonymize", "--profile=analytics", "--in=a.csv", "--out=b.csv", KEY);
        assertEquals("clickphone-privacy: Unexpected argument: argument 5 (not shown)", argument.errLines().get(0));
        Cli.Result type = Cli.run("pseudonymize", "--profile=analytics", "--in=a.csv", "--out=b.csv", "--key-version", KEY);
        assertEquals("clickphone-privacy: invalid value for --key-version: expected a whole number (the value is not shown)",
                type.errLines().get(0));
        Cli.Result mode = Cli.run("pseudonymize", "--profile=analytics", "--in=a.csv", "--out=b.csv", "--progress=x");
        assertEquals(List.of("clickphone-privacy: invalid value for --progress: expected one of [auto, bar, lines, none]"
                + " (the value is not shown)", "Try 'clickphone-privacy pseudonymize --help' for more information."),
                mode.errLines());
    }
}
