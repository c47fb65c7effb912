package ro.clickphone.privacy.core.policy;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Binds a policy document to {@link PolicyDocument} with Jackson, strictly: unknown fields,
 * duplicate keys, trailing content and type mismatches are errors. Jackson's exceptions become a
 * {@link PolicyException} that names the JSON path, so a reader never has to decode a stack trace.
 */
final class PolicyReader {

    private static final ObjectReader READER = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            // A number or a boolean where text belongs is a mistake in the document, not a string.
            .withCoercionConfig(LogicalType.Textual, config -> config
                    .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
            .build()
            .readerFor(PolicyDocument.class);

    private static final Pattern FIELD = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,63}");

    private PolicyReader() {
    }

    static PolicyDocument read(InputStream json) {
        // Jackson's messages quote the offending token or value (a DPO's e-mail address typed without
        // quotes comes back verbatim), so none of them, and no Jackson exception as a cause, leaves
        // this method: each becomes a path, a location and a rule of our own.
        try {
            PolicyDocument document = READER.readValue(json);
            if (document == null) {
                throw problem("$", "the document is empty or null; expected a JSON object");
            }
            return document;
        } catch (UnrecognizedPropertyException e) {
            throw problem(path(e), "unknown field " + PolicyValidator.shown(e.getPropertyName()));
        } catch (MismatchedInputException e) {
            String original = String.valueOf(e.getOriginalMessage());
            String message;
            if (e.getPath().isEmpty() && original.startsWith("No content")) {
                message = "the document is empty; expected a JSON object";
            } else if (original.startsWith("Trailing token")) {
                message = "content after the end of the document" + at(e.getLocation());
            } else {
                message = "wrong type of value: expected " + expected(e);
            }
            throw problem(path(e), message);
        } catch (JsonMappingException e) {
            if (e.getCause() instanceof JsonParseException parse) {
                throw problem(path(e), "malformed JSON" + at(parse.getLocation()) + ": " + rule(parse));
            }
            throw problem(path(e), "invalid value" + at(e.getLocation()));
        } catch (JsonParseException e) {
            throw problem(path(e), "malformed JSON" + at(e.getLocation()) + ": " + rule(e));
        } catch (JsonProcessingException e) {
            throw problem("$", "malformed JSON" + at(e.getLocation()));
        } catch (IOException e) {
            throw new PolicyException(List.of(new PolicyException.Problem("$",
                    "could not read the document: " + e.getClass().getSimpleName())), e);
        }
    }

    private static final Pattern QUOTED = Pattern.compile("'([^']*)'");

    /** What a parse error broke, in words of our own: Jackson's message quotes the token. */
    private static String rule(JsonParseException e) {
        String original = String.valueOf(e.getOriginalMessage());
        if (original.startsWith("Duplicate field")) {
            Matcher name = QUOTED.matcher(original);
            return "Duplicate field " + (name.find() ? PolicyValidator.shown(name.group(1)) : "(name not shown)");
        }
        if (original.startsWith("Unrecognized token")) {
            return "a value that is not JSON (text must be in double quotes)";
        }
        if (original.startsWith("Unexpected end-of-input")) {
            return "the document ends inside a string, an array or an object";
        }
        if (original.startsWith("Unrecognized character escape")) {
            return "an invalid escape sequence in a string";
        }
        if (original.startsWith("Illegal unquoted character")) {
            return "a control character in a string (it must be escaped)";
        }
        if (original.contains("numeric value") || original.startsWith("Numeric value")
                || original.contains("plus sign")) {
            return "a malformed or out-of-range number";
        }
        if (original.startsWith("Unexpected character") || original.startsWith("Unexpected close marker")) {
            return "an unexpected character";
        }
        if (original.startsWith("Invalid UTF")) {
            return "bytes that are not UTF-8";
        }
        return "not well-formed";
    }

    private static String at(JsonLocation location) {
        if (location == null || location.getLineNr() < 1) {
            return "";
        }
        return " at line " + location.getLineNr() + ", column " + location.getColumnNr();
    }

    private static String expected(MismatchedInputException e) {
        Class<?> target = e.getTargetType();
        if (target == null) {
            return "another type";
        }
        if (List.class.isAssignableFrom(target)) {
            return "an array";
        }
        if (target == String.class) {
            return "a string";
        }
        if (target == Boolean.class || target == boolean.class) {
            return "true or false";
        }
        if (target.isRecord()) {
            return "an object";
        }
        return target.getSimpleName();
    }

    private static PolicyException problem(String path, String message) {
        return new PolicyException(List.of(new PolicyException.Problem(path, message)), null);
    }

    /** A field name in a path, when it has the shape of one; a document may use anything as a key. */
    private static String field(String name) {
        return FIELD.matcher(name).matches() ? name : "(name not shown)";
    }

    /** {@code $.purposes[3].legalBasis} from Jackson's reference chain. */
    private static String path(JsonMappingException e) {
        StringBuilder sb = new StringBuilder("$");
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getIndex() >= 0) {
                sb.append('[').append(ref.getIndex()).append(']');
            } else if (ref.getFieldName() != null) {
                sb.append('.').append(field(ref.getFieldName()));
            }
        }
        return sb.toString();
    }

    /** The path of a parse error, from the parser's context when it has one. */
    private static String path(JsonParseException e) {
        JsonParser parser = e.getProcessor();
        if (parser == null) {
            return "$";
        }
        JsonStreamContext context = parser.getParsingContext();
        if (context == null) {
            return "$";
        }
        StringBuilder sb = new StringBuilder("$");
        for (JsonPointer p = context.pathAsPointer(); p != null && !p.matches(); p = p.tail()) {
            if (p.mayMatchElement()) {
                sb.append('[').append(p.getMatchingIndex()).append(']');
            } else {
                sb.append('.').append(field(p.getMatchingProperty()));
            }
        }
        return sb.toString();
    }
}
