package ro.clickphone.privacy.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CdrPseudonymizationDemoTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return CdrPseudonymizationDemo.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void sample_isPseudonymized_andTheBadRowReported() {
        assertEquals(0, run());
        String csv = out.toString(StandardCharsets.UTF_8);
        assertTrue(csv.startsWith("record_id,type,direction,caller,callee"), csv);
        assertTrue(csv.contains("c-1001,CALL,OUTBOUND,+40721"), csv);
        assertTrue(csv.contains("2026-11-29T07:00:00Z,PT1M-PT5M"), csv);
        assertFalse(csv.contains("+40721234567"), csv);
        assertFalse(csv.contains("192.0.2.17"), csv);
        String report = err.toString(StandardCharsets.UTF_8);
        assertTrue(report.contains("rows read 5, written 4, rejected 1"), report);
        assertTrue(report.contains("row 4: callee"), report);
    }

    @Test
    void smsText_refusesTheFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("cdr.csv");
        Files.writeString(file, "record_id,type,direction,caller,sms_destination,start,sms_text\r\n");
        assertEquals(1, run(file.toString()));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("SMS content"));
        assertEquals(2, run("--help"));
    }
}
