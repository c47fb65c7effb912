package ro.clickphone.privacy.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ro.clickphone.privacy.core.policy.Policy;

class PolicyCommandTest {

    @TempDir
    Path dir;

    /** ClickPhone's policy and its archived text, copied to the temp folder. */
    static Path clickPhonePolicy(Path dir) throws IOException {
        for (String name : List.of("clickphone-policy.json", "clickphone-privacy-policy.ro.md")) {
            try (InputStream in = Policy.class.getResourceAsStream(name)) {
                Files.copy(in, dir.resolve(name));
            }
        }
        return dir.resolve("clickphone-policy.json");
    }

    @Test
    void clickPhonePolicy_isValid_exitZero() throws IOException {
        Path file = clickPhonePolicy(dir);
        Cli.Result result = Cli.run("policy", "validate", file.toString());
        assertEquals(0, result.code(), result.all());
        assertTrue(result.out().startsWith("valid: " + file + " (policy version "), result.out());
        assertEquals("", result.err());
    }

    @Test
    void structuralProblem_isListedFirst_withItsPathAndTheNoteToRunAgain() throws IOException {
        Path file = clickPhonePolicy(dir);
        String json = Files.readString(file, StandardCharsets.UTF_8);
        // A rule break (an unknown legal basis) and a structural one (an unknown field, named by an e-mail).
        String broken = json.replaceFirst("\"legalBasis\": \"LEGITIMATE_INTERESTS\"", "\"legalBasis\": \"WHIM\"")
                .replaceFirst("\"pseudonymization\": \\{", "\"pseudonymization\": { \"jane.doe@example.com\": 1,");
        assertFalse(broken.equals(json));
        Files.writeString(file, broken, StandardCharsets.UTF_8);
        Cli.Result result = Cli.run("policy", "validate", file.toString());
        assertEquals(ExitCodes.CHECK_FAILED, result.code(), result.all());
        assertEquals(List.of("$.pseudonymization.(name not shown): unknown field (value not shown)", "structural problems first: fix these"
                + " and run again (the rules are checked once the document has the format's structure)"),
                result.out().lines().toList());
        assertFalse(result.all().contains("jane.doe"), "no value of the document is shown");
        assertEquals(List.of("clickphone-privacy: " + file + " is not a valid policy (1 problem of structure)"),
                result.errLines());

        // Structure fixed: now every rule break is listed, with its path.
        Files.writeString(file, json.replaceFirst("\"legalBasis\": \"LEGITIMATE_INTERESTS\"", "\"legalBasis\": \"WHIM\""),
                StandardCharsets.UTF_8);
        Cli.Result rules = Cli.run("policy", "validate", file.toString());
        assertEquals(ExitCodes.CHECK_FAILED, rules.code(), rules.all());
        assertEquals(List.of("$.purposes[7].legalBasis: must be one of CONSENT, CONTRACT, LEGAL_OBLIGATION,"
                + " VITAL_INTERESTS, PUBLIC_TASK, LEGITIMATE_INTERESTS (upper case)"), rules.out().lines().toList());
        assertEquals(List.of("clickphone-privacy: " + file + " is not a valid policy (1 problem)"), rules.errLines());
    }

    @Test
    void severalRuleBreaks_areAllListed_withTheirExactPaths() throws IOException {
        Path file = clickPhonePolicy(dir);
        String json = Files.readString(file, StandardCharsets.UTF_8);
        // Every consent-based purpose marked mandatory: a rule of the validator, broken several times.
        String broken = json.replaceAll("(\"legalBasis\": \"CONSENT\",\\s*\n[^\n]*\n\\s*\"mandatory\": )false", "$1true");
        assertFalse(broken.equals(json));
        Files.writeString(file, broken, StandardCharsets.UTF_8);
        Cli.Result result = Cli.run("policy", "validate", file.toString());
        assertEquals(ExitCodes.CHECK_FAILED, result.code(), result.all());
        String rule = ": a consent-based purpose cannot be mandatory: consent must be freely given and can be withdrawn"
                + " (GDPR art. 7)";
        assertEquals(List.of("$.purposes[8].mandatory" + rule, "$.purposes[14].mandatory" + rule,
                "$.purposes[16].mandatory" + rule, "$.purposes[17].mandatory" + rule), result.out().lines().toList());
        assertEquals(List.of("clickphone-privacy: " + file + " is not a valid policy (4 problems)"), result.errLines());
    }

    @Test
    void aFieldGivenTwice_isNamedWithItsPath_exitTwo() throws IOException {
        Path file = clickPhonePolicy(dir);
        String json = Files.readString(file, StandardCharsets.UTF_8);
        Files.writeString(file, json.replaceFirst("\"legalBasis\": \"LEGITIMATE_INTERESTS\"",
                "\"legalBasis\": \"LEGITIMATE_INTERESTS\", \"legalBasis\": \"CONSENT\""), StandardCharsets.UTF_8);
        Cli.Result result = Cli.run("policy", "validate", file.toString());
        assertEquals(ExitCodes.USAGE, result.code(), result.all());
        assertEquals(List.of("clickphone-privacy: FILE: " + file + ": $.purposes[7].legalBasis is given twice"),
                result.errLines());
        Files.writeString(file, json + "\n{}", StandardCharsets.UTF_8);
        Cli.Result trailing = Cli.run("policy", "validate", file.toString());
        assertEquals(ExitCodes.USAGE, trailing.code(), trailing.all());
        assertTrue(trailing.err().contains(" has content after the end of the JSON document (line "), trailing.err());
    }

    @Test
    void notJson_isOneLine_exitTwo() throws IOException {
        Path file = dir.resolve("policy.json");
        Files.writeString(file, "{ \"controller\": secret-name }");
        Cli.Result result = Cli.run("policy", "validate", file.toString());
        assertEquals(ExitCodes.USAGE, result.code());
        assertEquals(List.of("clickphone-privacy: FILE: " + file + " is not well-formed JSON (line 1, column 17)"),
                result.errLines());
        assertFalse(result.all().contains("secret-name"));
    }

    @Test
    void missingFile_isOneLine_exitTwo_andVerboseShowsTheStackTrace() {
        Path file = dir.resolve("nope.json");
        Cli.Result result = Cli.run("policy", "validate", file.toString());
        assertEquals(ExitCodes.USAGE, result.code());
        assertEquals(List.of("clickphone-privacy: FILE: no such file " + file), result.errLines());
        Cli.Result verbose = Cli.run("--verbose", "policy", "validate", file.toString());
        assertEquals(ExitCodes.USAGE, verbose.code());
        assertTrue(verbose.err().contains("NoSuchFileException"), verbose.err());
    }

    @Test
    void emptyFileAndDirectory_areBadInput() throws IOException {
        Path empty = Files.createFile(dir.resolve("empty.json"));
        assertEquals(ExitCodes.USAGE, Cli.run("policy", "validate", empty.toString()).code());
        assertEquals(ExitCodes.USAGE, Cli.run("policy", "validate", dir.toString()).code());
    }

    @Test
    void policyWithoutSubcommandOrFile_isUsage() {
        assertEquals(ExitCodes.USAGE, Cli.run("policy").code());
        Cli.Result noFile = Cli.run("policy", "validate");
        assertEquals(ExitCodes.USAGE, noFile.code());
        assertTrue(noFile.err().contains("Missing required parameter: 'FILE'"), noFile.err());
    }
}
