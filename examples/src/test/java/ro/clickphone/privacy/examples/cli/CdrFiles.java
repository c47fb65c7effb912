package ro.clickphone.privacy.examples.cli;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Generated CDR files: valid Romanian calls, with a bad row every so often when asked. */
final class CdrFiles {

    static final String HEADER = "record_id,type,direction,caller,callee,forwarded_to,sms_destination,start,"
            + "duration_seconds,device_ip";

    private CdrFiles() {
    }

    /** The clear numbers and addresses a file holds, to check none of them leaks. */
    record Generated(Path file, List<String> clearValues) {
    }

    /**
     * Writes a file.
     *
     * @param file where
     * @param rows data rows
     * @param badEvery every how many rows one is bad (a callee too short, a bad start, a missing cell), 0 for none
     * @param seed the random seed
     * @return the file and the clear values in it
     */
    static Generated write(Path file, int rows, int badEvery, long seed) throws IOException {
        return write(file, rows, badEvery, seed, 0);
    }

    /**
     * Writes a file whose numbers repeat: callers and callees come from a pool of {@code pool} numbers
     * each (a memo of pseudonyms hits on them), or are drawn at random when {@code pool} is 0.
     *
     * @param file where
     * @param rows data rows
     * @param badEvery every how many rows one is bad, 0 for none
     * @param seed the random seed
     * @param pool how many distinct callers (and callees) there are, 0 for random numbers
     * @return the file and the clear values in it
     */
    static Generated write(Path file, int rows, int badEvery, long seed, int pool) throws IOException {
        Random random = new Random(seed);
        List<String> clear = new ArrayList<>();
        Instant day = Instant.parse("2026-03-16T06:00:00Z");
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write(HEADER + "\r\n");
            for (int i = 1; i <= rows; i++) {
                String caller = pool > 0 ? "+4072" + (1_000_000 + random.nextInt(pool) * 7919) : "+4072" + digits(random, 7);
                String callee = pool > 0 ? "+4073" + (1_000_000 + random.nextInt(pool) * 7919) : "+4073" + digits(random, 7);
                String ip = "10." + random.nextInt(256) + "." + random.nextInt(256) + "." + (1 + random.nextInt(254));
                if (clear.size() < 200) {
                    clear.add(caller);
                    clear.add(callee);
                    clear.add(ip);
                }
                String start = day.plusSeconds(random.nextInt(43_200)).toString();
                String row = "c-" + i + ",CALL,OUTBOUND," + caller + "," + callee + ",,," + start + ","
                        + random.nextInt(3600) + "," + ip;
                if (badEvery > 0 && i % badEvery == 0) {
                    row = switch ((i / badEvery) % 3) {
                        case 0 -> "c-" + i + ",CALL,OUTBOUND," + caller + ",+40 731 11,,," + start + ",12," + ip;
                        case 1 -> "c-" + i + ",CALL,OUTBOUND," + caller + "," + callee + ",,,yesterday,12," + ip;
                        default -> "c-" + i + ",CALL,OUTBOUND," + caller;
                    };
                }
                out.write(row + "\r\n");
            }
        }
        return new Generated(file, clear);
    }

    private static String digits(Random random, int count) {
        StringBuilder digits = new StringBuilder(count);
        for (int i = 0; i < count; i++) {
            digits.append((char) ('0' + random.nextInt(10)));
        }
        return digits.toString();
    }
}
