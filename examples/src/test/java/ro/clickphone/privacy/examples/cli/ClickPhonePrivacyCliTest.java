package ro.clickphone.privacy.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ClickPhonePrivacyCliTest {

    @Test
    void help_listsTheSubcommandsAndTheExitCodes() {
        Cli.Result result = Cli.run("--help");
        assertEquals(0, result.code());
        for (String command : List.of("pseudonymize", "ropa", "policy", "audit", "receipt", "keys", "incidents")) {
            assertTrue(result.out().contains("  " + command + " "), command + " in " + result.out());
        }
        assertTrue(result.out().contains("Exit codes:"), result.out());
        assertTrue(result.out().contains("--verbose"), result.out());
    }

    @ParameterizedTest
    @ValueSource(strings = {"pseudonymize", "ropa", "policy", "policy validate", "help"})
    void everySubcommand_hasHelp(String command) {
        String[] words = (command + " --help").split(" ");
        Cli.Result result = Cli.run(words);
        assertEquals(0, result.code(), result.all());
        assertTrue(result.out().contains("Usage: clickphone-privacy " + command + " "), result.out());
        assertEquals("", result.err());
    }

    @Test
    void pseudonymizeHelp_namesTheKeyVariable_andNoOptionTakesAKey() {
        Cli.Result result = Cli.run("pseudonymize", "--help");
        assertTrue(result.out().contains(PseudonymizeCommand.KEY_VARIABLE), result.out());
        assertFalse(result.out().matches("(?s).*--(key|password|secret)[ =].*"), result.out());
    }

    @Test
    void version_isPrinted() {
        Cli.Result result = Cli.run("--version");
        assertEquals(0, result.code());
        assertTrue(result.out().startsWith("clickphone-privacy "), result.out());
    }

    @Test
    void noSubcommand_orAnUnknownOne_isUsage() {
        Cli.Result none = Cli.run();
        assertEquals(ExitCodes.USAGE, none.code());
        assertEquals("clickphone-privacy: name a subcommand (see --help)", none.errLines().get(0));
        Cli.Result unknown = Cli.run("frobnicate");
        assertEquals(ExitCodes.USAGE, unknown.code());
        assertTrue(unknown.err().startsWith("clickphone-privacy: "), unknown.err());
        assertFalse(unknown.err().contains("\tat "), unknown.err());
    }

    @Test
    void unknownOption_isOneLineAndAHint_verboseAddsTheStackTrace() {
        Cli.Result result = Cli.run("ropa", "--colour");
        assertEquals(ExitCodes.USAGE, result.code());
        assertEquals(List.of("clickphone-privacy: Unknown option: '--colour'",
                "Try 'clickphone-privacy ropa --help' for more information."), result.errLines());
        Cli.Result verbose = Cli.run("ropa", "--colour", "--verbose");
        assertTrue(verbose.err().contains("\tat picocli."), verbose.err());
    }

    @Test
    void foreignExceptions_areShownByTypeOnly() {
        assertEquals("IllegalStateException (run with --verbose for details)",
                Errors.messageOf(new IllegalStateException("+40721234567")));
        assertEquals("--in: no such file x", Errors.messageOf(new BadInputException("--in: no such file x")));
    }
}
