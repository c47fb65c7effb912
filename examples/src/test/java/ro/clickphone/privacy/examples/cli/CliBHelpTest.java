package ro.clickphone.privacy.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code --help} of the audit, receipt, keys and incidents commands: their options and exit codes, exit 0. */
class CliBHelpTest {

    @ParameterizedTest
    @CsvSource({
        "audit verify, --public-key, --anchor",
        "receipt verify, --public-key, FILE",
        "keys rotate, --kek-file, --kek-password-file",
        "keys rewrap, --retire-old, --db-password-file",
        "keys rewrap, --min-age, --force",
        "incidents due, --within, --at"})
    void help_listsTheOptions_exit0(String command, String option, String other) {
        String[] words = command.split(" ");
        StoreFixture.Run run = StoreFixture.cli(words[0], words[1], "--help");
        assertEquals(0, run.code(), run::toString);
        assertTrue(run.out().contains(option) && run.out().contains(other), run::toString);
        assertTrue(run.out().contains("Usage: clickphone-privacy " + command), run::toString);
    }

    @ParameterizedTest
    @CsvSource({"audit", "receipt", "keys", "incidents"})
    void aGroupWithoutSubcommand_isUsage_exit2(String group) {
        StoreFixture.Run run = StoreFixture.cli(group);
        assertEquals(2, run.code(), run::toString);
        assertTrue(run.err().startsWith("clickphone-privacy: name a subcommand"), run::toString);
    }
}
