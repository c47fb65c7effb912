package ro.clickphone.privacy.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The README's Java snippets are mirrored exactly by tests that run them: every code line of every
 * {@code java} block (comments and whitespace aside) appears, in the block's order, in one of the mirror
 * tests ({@code PrivacyKitTest} in core, {@code ReadmeJpaQuickstartTest} in hibernate, {@code ReadmeScaleOutTest}
 * in kafka-streams, {@code ReadmeScaleOutSparkTest} in spark). A README edit that
 * the tests do not follow, or a test change that leaves the README behind, fails here.
 */
class ReadmeSnippetsTest {

    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();
    private static final List<Path> MIRRORS = List.of(
            ROOT.resolve("core/src/test/java/ro/clickphone/privacy/core/PrivacyKitTest.java"),
            ROOT.resolve("hibernate/src/test/java/ro/clickphone/privacy/hibernate/ReadmeJpaQuickstartTest.java"),
            ROOT.resolve("kafka-streams/src/test/java/ro/clickphone/privacy/kafka/ReadmeScaleOutTest.java"),
            ROOT.resolve("spark/src/test/java/ro/clickphone/privacy/spark/ReadmeScaleOutSparkTest.java"),
            ROOT.resolve("crypto/src/test/java/ro/clickphone/privacy/crypto/kek/ReadmeKmsPluginTest.java"));

    /**
     * The only README lines no test can hold as written: the JPA snippet's entity (the test's entity,
     * {@code hibernate/.../entities/Customer}, carries the same annotations over explicit column names) and
     * its persistence unit named "app" (the test builds the same unit with {@code PersistenceConfiguration},
     * since its JDBC URL depends on the database under test).
     */
    private static final Set<String> NOT_MIRRORED = Set.of(
            "@Entity(name = \"Customer\")",
            "@PersonalDataCategory(category = \"CONTACT\")",
            "class Customer {",
            "@Id Long id;",
            "@DataSubject @Column(updatable = false) String customerId;",
            "@Encrypted(field = \"notification_email\") @BlindIndex(target = \"emailIndex\") String email;",
            "String emailIndex;",
            "@Encrypted(field = \"service_address\") byte[] address;",
            "@Version int version;",
            "}",
            "EntityManagerFactory emf = Persistence.createEntityManagerFactory(\"app\",",
            "Map.of(FieldEncryption.KIT, (Supplier<PrivacyKit>) kitRef::get));");

    @Test
    void everyJavaSnippet_isMirroredLineByLine_byATestThatRunsIt() throws IOException {
        List<List<String>> blocks = javaBlocks(Files.readString(ROOT.resolve("README.md"), StandardCharsets.UTF_8));
        assertTrue(blocks.size() >= 8, "the README's Java snippets were not found: " + blocks.size());
        List<String> mirrors = new ArrayList<>();
        for (Path mirror : MIRRORS) {
            mirrors.add(normalized(Files.readString(mirror, StandardCharsets.UTF_8)));
        }
        List<String> failures = new ArrayList<>();
        int exempted = 0;
        for (int i = 0; i < blocks.size(); i++) {
            List<String> lines = new ArrayList<>();
            for (String line : blocks.get(i)) {
                if (NOT_MIRRORED.contains(line)) {
                    exempted++;
                } else {
                    lines.add(line);
                }
            }
            String missing = null;
            for (String mirror : mirrors) {
                missing = firstMissing(lines, mirror);
                if (missing == null) {
                    break;
                }
            }
            if (missing != null) {
                failures.add("README Java block " + (i + 1) + ": no mirror test holds, in order: " + missing);
            }
        }
        if (!failures.isEmpty()) {
            fail(String.join("\n", failures));
        }
        assertEquals(NOT_MIRRORED.size() + 1, exempted, "every exemption is a README line (\"}\" twice)");
    }

    @Test
    void theChecker_findsALineTheTestsDoNotHold() {
        String mirror = normalized("int a = 1; // one\nint b = 2;");
        assertEquals(null, firstMissing(List.of("int a = 1;", "int b = 2;"), mirror));
        assertEquals("int c = 3;", firstMissing(List.of("int a = 1;", "int c = 3;"), mirror));
        assertEquals("int a = 1;", firstMissing(List.of("int b = 2;", "int a = 1;"), mirror), "order counts");
        assertFalse(javaBlocks("```java\nint x = 1;   // note\n```\n").isEmpty());
    }

    /** Each java block's code lines: comments cut, whitespace collapsed, blank and import lines dropped. */
    private static List<List<String>> javaBlocks(String markdown) {
        List<List<String>> blocks = new ArrayList<>();
        Matcher m = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL).matcher(markdown);
        while (m.find()) {
            List<String> lines = new ArrayList<>();
            for (String raw : m.group(1).split("\n")) {
                String line = code(raw);
                if (!line.isEmpty() && !line.startsWith("import ")) {
                    lines.add(line);
                }
            }
            blocks.add(lines);
        }
        return blocks;
    }

    private static String firstMissing(List<String> lines, String mirror) {
        int from = 0;
        for (String line : lines) {
            int at = mirror.indexOf(line, from);
            if (at < 0) {
                return line;
            }
            from = at + line.length();
        }
        return null;
    }

    private static String normalized(String source) {
        StringBuilder out = new StringBuilder();
        for (String raw : source.split("\n")) {
            String line = code(raw);
            if (!line.isEmpty()) {
                out.append(line).append(' ');
            }
        }
        return out.toString();
    }

    /** A line without its {@code //} comment (outside string literals) and with its whitespace collapsed. */
    private static String code(String line) {
        boolean inString = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '"' && (i == 0 || line.charAt(i - 1) != '\\')) {
                inString = !inString;
            } else if (!inString && c == '/' && i + 1 < line.length() && line.charAt(i + 1) == '/') {
                line = line.substring(0, i);
                break;
            }
        }
        return line.strip().replaceAll("\\s+", " ");
    }
}
