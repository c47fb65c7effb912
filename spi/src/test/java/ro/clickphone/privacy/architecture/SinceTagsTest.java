package ro.clickphone.privacy.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every public top-level type of the API modules says since when it exists ({@code @since} in its
 * Javadoc): the stability marking CONTRIBUTING.md promises. Javadoc is not in the class files, so
 * this reads the sources of spi, crypto and core beside this module; internal packages are exempt.
 */
class SinceTagsTest {

    private static final Pattern PUBLIC_TYPE = Pattern.compile(
            "(/\\*\\*(?:(?!\\*/).)*\\*/)?\\s*(?:@\\w+(?:\\([^)]*\\))?\\s*)*\\npublic (?:final |abstract |sealed )*"
                    + "(?:class|interface|record|enum|@interface) ", Pattern.DOTALL);

    private static List<Path> apiSources() throws IOException {
        Path root = Path.of("").toAbsolutePath().getParent();
        try (Stream<Path> files = Stream.of("spi", "crypto", "core")
                .map(m -> root.resolve(m).resolve("src/main/java"))
                .flatMap(ModuleSources::walk)) {
            return files.filter(p -> p.toString().endsWith(".java"))
                    .filter(p -> !p.getFileName().toString().equals("package-info.java"))
                    .filter(p -> !p.getFileName().toString().equals("module-info.java"))
                    .filter(p -> !p.toString().replace('\\', '/').contains("/internal/"))
                    .collect(Collectors.toList());
        }
    }

    @Test
    void everyPublicApiType_hasASinceTag() throws IOException {
        List<Path> sources = apiSources();
        assertTrue(sources.size() > 100, "found the sources: " + sources.size());
        List<String> missing = sources.stream().filter(p -> {
            Matcher m = PUBLIC_TYPE.matcher(read(p));
            return m.find() && (m.group(1) == null || !m.group(1).contains("@since"));
        }).map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
        assertEquals(List.of(), missing);
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Walks a source tree. */
    private static final class ModuleSources {

        static Stream<Path> walk(Path dir) {
            try {
                return Files.walk(dir);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
