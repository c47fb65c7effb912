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
    void invalidPolicy_listsEveryProblemWithItsJsonPath_exitOne() throws IOException {
        Path file = clickPhonePolicy(dir);
        String json = Files.readString(file, StandardCharsets.UTF_8);
        String broken = json.replaceFirst("\"legalBasis\": \"LEGITIMATE_INTERESTS\"", "\"legalBasis\": \"WHIM\"")
                .replaceFirst("\"pseudonymization\": \\{", "\"pseudonymization\": { \"jane.doe@example.com\": 1,");
        assertFalse(broken.equals(json));
        Files.writeString(file, broken, StandardCharsets.UTF_8);
        Cli.Result result = Cli.run("policy", "validate", file.toString());
        assertEquals(ExitCodes.CHECK_FAILED, result.code(), result.all());
        List<String> problems = result.out().lines().toList();
        assertTrue(problems.size() >= 1, result.out());
        for (String problem : problems) {
            assertTrue(problem.startsWith("$"), "every problem starts with its JSON path: " + problem);
        }
        assertFalse(result.all().contains("jane.doe"), "no value of the document is shown");
        assertEquals(List.of("clickphone-privacy: " + file + " is not a valid policy (" + problems.size()
                + (problems.size() == 1 ? " problem)" : " problems)")), result.errLines());
    }

    @Test
    void severalRuleBreaks_areAllListed() throws IOException {
        Path file = clickPhonePolicy(dir);
        String json = Files.readString(file, StandardCharsets.UTF_8);
        // Every consent-based purpose marked mandatory: a rule of the validator, broken four times.
        String broken = json.replaceAll("(\"legalBasis\": \"CONSENT\",\\s*\n[^\n]*\n\\s*\"mandatory\": )false", "$1true");
        assertFalse(broken.equals(json));
        Files.writeString(file, broken, StandardCharsets.UTF_8);
        Cli.Result result = Cli.run("policy", "validate", file.toString());
        assertEquals(ExitCodes.CHECK_FAILED, result.code(), result.all());
        assertTrue(result.out().lines().count() >= 4, result.out());
        assertTrue(result.out().lines().allMatch(line -> line.matches("\\$\\.purposes\\[\\d+\\]\\S*: .*")),
                result.out());
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
