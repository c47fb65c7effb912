package ro.clickphone.privacy.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecordOfProcessingDemoTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return RecordOfProcessingDemo.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void noArguments_printsTheClickPhoneRecordAsMarkdown() {
        assertEquals(0, run());
        assertTrue(out().startsWith("# Record of processing activities (GDPR art. 30(1))"));
        assertTrue(out().contains("Caro Network SRL"));
        assertTrue(out().contains("### Marketing (`MARKETING`)"));
    }

    @Test
    void json_printsParseableJson() throws Exception {
        assertEquals(0, run("--json"));
        assertEquals("Caro Network SRL", new ObjectMapper().readTree(out()).at("/controller/name").asText());
    }

    @Test
    void invalidPolicyFile_exitsOneWithThePath(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("policy.json");
        Files.writeString(file, "{\"schema\": \"privacy-policy/v1\"}");
        assertEquals(1, run(file.toString()));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("$.version: is required"));
    }

    @Test
    void missingFile_exitsOne(@TempDir Path dir) {
        assertEquals(1, run(dir.resolve("absent.json").toString()));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("NoSuchFileException"));
    }

    @Test
    void unknownOption_exitsTwoWithUsage() {
        assertEquals(2, run("--yaml"));
        assertTrue(err.toString(StandardCharsets.UTF_8).startsWith("usage:"));
    }
}
