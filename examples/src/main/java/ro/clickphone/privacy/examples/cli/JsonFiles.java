package ro.clickphone.privacy.examples.cli;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the small JSON documents the tool takes (a policy, a profile) strictly: a field given twice and
 * content after the document are errors, not silently resolved. Messages name the option, the file and
 * where the document broke (line and column, or the JSON path of a repeated field), never a value of it.
 */
final class JsonFiles {

    private static final JsonMapper STRICT = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();
    private static final Pattern QUOTED = Pattern.compile("Duplicate field '([^']*)'");
    private static final Pattern SHOWN_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,63}");

    /**
     * A document as read: its bytes, for a loader that parses them itself, and its tree.
     *
     * @param bytes the file's bytes
     * @param root the parsed document
     */
    record Document(byte[] bytes, JsonNode root) {
    }

    private JsonFiles() {
    }

    /**
     * Reads and parses a JSON file.
     *
     * @param file the file
     * @param option the option or parameter that named it, for messages
     * @param maxBytes the largest file taken
     * @return the document
     * @throws BadInputException if the file is missing, a directory, empty, too large, not well-formed
     *     JSON, has a field twice or content after the document
     */
    static Document read(Path file, String option, long maxBytes) {
        byte[] bytes;
        try {
            if (Files.isDirectory(file)) {
                throw new BadInputException(option + ": " + file + " is a directory, not a JSON document");
            }
            if (Files.size(file) > maxBytes) {
                throw new BadInputException(option + ": " + file + " is larger than " + maxBytes + " bytes");
            }
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new BadInputException(option + ": no such file " + file, e);
        } catch (IOException e) {
            throw new BadInputException(option + ": cannot read " + file + " (" + e.getClass().getSimpleName() + ")", e);
        }
        if (bytes.length == 0) {
            throw new BadInputException(option + ": " + file + " is empty");
        }
        try {
            return new Document(bytes, STRICT.readTree(bytes));
        } catch (JsonProcessingException e) {
            throw new BadInputException(option + ": " + file + problem(e), e);
        } catch (IOException e) {
            throw new BadInputException(option + ": cannot read " + file + " (" + e.getClass().getSimpleName() + ")", e);
        }
    }

    /** What broke, in words of our own: Jackson's messages quote the document. */
    private static String problem(JsonProcessingException e) {
        String original = String.valueOf(e.getOriginalMessage());
        Matcher duplicate = QUOTED.matcher(original);
        if (duplicate.lookingAt() && e.getProcessor() instanceof JsonParser parser) {
            String name = duplicate.group(1);
            String field = SHOWN_NAME.matcher(name).matches() ? "." + name : ".(a field whose name is not shown)";
            return ": " + path(parser.getParsingContext()) + field + " is given twice";
        }
        String at = e.getLocation() == null ? ""
                : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
        if (original.startsWith("Trailing token")) {
            return " has content after the end of the JSON document" + at;
        }
        return " is not well-formed JSON" + at;
    }

    /** The JSON path of the object a parser is in, e.g. {@code $.purposes[3]}. */
    private static String path(JsonStreamContext context) {
        StringBuilder path = new StringBuilder();
        for (JsonStreamContext c = context.getParent(); c != null && !c.inRoot(); c = c.getParent()) {
            if (c.inArray()) {
                path.insert(0, "[" + c.getCurrentIndex() + "]");
            } else {
                String name = c.getCurrentName();
                path.insert(0, name != null && SHOWN_NAME.matcher(name).matches() ? "." + name : ".(not shown)");
            }
        }
        return "$" + path;
    }
}
