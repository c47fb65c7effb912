package ro.clickphone.privacy.crypto;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Supplier;
import ro.clickphone.privacy.spi.IntegrityException;
import ro.clickphone.privacy.spi.InvalidInputException;

/**
 * The one reader for the official vectors copied from {@code ../shared/testvectors} into
 * {@code src/test/resources/testvectors} (their README names the sources).
 */
public final class TestVectors {

    private static final HexFormat HEX = HexFormat.of();

    private TestVectors() {
    }

    /** The whole JSON file, for vector sets that are not in Wycheproof's layout. */
    public static JsonNode json(String file) {
        try (InputStream in = TestVectors.class.getResourceAsStream("/testvectors/" + file)) {
            if (in == null) {
                throw new IllegalStateException("missing test vector file " + file);
            }
            return new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every test case of a Wycheproof file, in file order, each with the group it belongs to. */
    public static List<Case> wycheproof(String file) {
        List<Case> cases = new ArrayList<>();
        for (JsonNode group : json(file).get("testGroups")) {
            for (JsonNode test : group.get("tests")) {
                cases.add(new Case(group, test));
            }
        }
        return cases;
    }

    /**
     * Runs a decryption of a case and records what went wrong: an invalid case that opened, a valid
     * case refused, or a wrong plaintext. A refusal is an {@link IntegrityException} or an
     * {@link InvalidInputException}.
     */
    public static void checkOpen(Case c, Supplier<byte[]> open, byte[] expected, List<String> failures) {
        try {
            byte[] opened = open.get();
            if (!c.valid()) {
                failures.add(c.id() + ": an invalid vector decrypted");
            } else if (!Arrays.equals(opened, expected)) {
                failures.add(c.id() + ": wrong plaintext");
            }
        } catch (IntegrityException | InvalidInputException e) {
            if (c.valid()) {
                failures.add(c.id() + ": a valid vector was rejected");
            }
        }
    }

    /** One Wycheproof test case and its group's parameters. */
    public record Case(JsonNode group, JsonNode test) {

        /** Hex fields of the test case, decoded and joined in order (such as {@code "ct", "tag"}). */
        public byte[] bytes(String... fields) {
            StringBuilder joined = new StringBuilder();
            for (String field : fields) {
                joined.append(test.get(field).asText());
            }
            return HEX.parseHex(joined);
        }

        /** An integer field of the test case. */
        public int intField(String field) {
            return test.get(field).asInt();
        }

        /** An integer parameter of the group, such as {@code ivSize} or {@code tagSize}. */
        public int groupInt(String field) {
            return group.get(field).asInt();
        }

        /** Whether Wycheproof calls the case valid; "acceptable" cases count as invalid. */
        public boolean valid() {
            return test.get("result").asText().equals("valid");
        }

        /** The case's name for a failure list. */
        public String id() {
            return "tcId " + test.get("tcId").asInt();
        }
    }
}
