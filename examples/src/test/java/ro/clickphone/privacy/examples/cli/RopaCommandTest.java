package ro.clickphone.privacy.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ro.clickphone.privacy.core.policy.Policy;
import ro.clickphone.privacy.core.policy.RecordOfProcessing;

class RopaCommandTest {

    @TempDir
    Path dir;

    @Test
    void markdown_isTheDefault_andTheRecordOfClickPhonesPolicy() {
        Cli.Result result = Cli.run("ropa");
        assertEquals(0, result.code(), result.all());
        assertEquals(RecordOfProcessing.from(Policy.clickPhoneDefault()).toMarkdown(), result.out());
    }

    @Test
    void json_isWellFormed_andToAFile() throws IOException {
        Path out = dir.resolve("ropa.json");
        Cli.Result result = Cli.run("ropa", "--format", "json", "--out", out.toString());
        assertEquals(0, result.code(), result.all());
        assertEquals("", result.out());
        JsonNode json = new ObjectMapper().readTree(Files.readString(out, StandardCharsets.UTF_8));
        assertTrue(json.isObject());
        assertEquals(RecordOfProcessing.from(Policy.clickPhoneDefault()).toJson(), Files.readString(out));
    }

    @Test
    void operatorsPolicy_isRead_withItsTextBesideIt() throws IOException {
        Path policy = PolicyCommandTest.clickPhonePolicy(dir);
        Cli.Result result = Cli.run("ropa", "--policy", policy.toString(), "--format=md");
        assertEquals(0, result.code(), result.all());
        assertEquals(RecordOfProcessing.from(Policy.clickPhoneDefault()).toMarkdown(), result.out());
    }

    @Test
    void badInput_isOneLine_exitTwo() throws IOException {
        Cli.Result format = Cli.run("ropa", "--format", "pdf");
        assertEquals(ExitCodes.USAGE, format.code());
        assertTrue(format.err().startsWith("clickphone-privacy: invalid value for --format: expected one of"), format.err());

        Path missing = dir.resolve("missing.json");
        Cli.Result noFile = Cli.run("ropa", "--policy", missing.toString());
        assertEquals(ExitCodes.USAGE, noFile.code());
        assertEquals(List.of("clickphone-privacy: --policy: no such file " + missing), noFile.errLines());

        Path policy = PolicyCommandTest.clickPhonePolicy(dir);
        Files.writeString(policy, Files.readString(policy).replaceFirst("\"legalBasis\": \"CONTRACT\"",
                "\"legalBasis\": \"WHIM\""));
        Cli.Result invalid = Cli.run("ropa", "--policy", policy.toString());
        assertEquals(ExitCodes.USAGE, invalid.code());
        assertEquals(1, invalid.errLines().size(), invalid.err());
        assertTrue(invalid.err().contains("run 'clickphone-privacy policy validate " + policy + "'"), invalid.err());

        Cli.Result unwritable = Cli.run("ropa", "--out", dir.resolve("no/such/dir/ropa.md").toString());
        assertEquals(ExitCodes.USAGE, unwritable.code());
        assertEquals(1, unwritable.errLines().size(), unwritable.err());
    }
}
