package ro.clickphone.privacy.core.policy;

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

    private PolicyReader() {
    }

    static PolicyDocument read(InputStream json) {
        try {
            PolicyDocument document = READER.readValue(json);
            if (document == null) {
                throw problem("$", "the document is empty or null; expected a JSON object", null);
            }
            return document;
        } catch (UnrecognizedPropertyException e) {
            throw problem(path(e), "unknown field '" + e.getPropertyName() + "'", e);
        } catch (MismatchedInputException e) {
            String message = e.getPath().isEmpty() && e.getOriginalMessage().startsWith("No content")
                    ? "the document is empty; expected a JSON object"
                    : "wrong type of value: expected " + expected(e);
            throw problem(path(e), message, e);
        } catch (JsonMappingException e) {
            throw problem(path(e), "invalid value: " + firstLine(e.getOriginalMessage()), e);
        } catch (JsonParseException e) {
            throw problem(path(e), "malformed JSON at line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + ": " + firstLine(e.getOriginalMessage()), e);
        } catch (JsonProcessingException e) {
            throw problem("$", "malformed JSON: " + firstLine(e.getOriginalMessage()), e);
        } catch (IOException e) {
            throw problem("$", "could not read the document: " + e.getClass().getSimpleName(), e);
        }
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

    private static PolicyException problem(String path, String message, Throwable cause) {
        return new PolicyException(List.of(new PolicyException.Problem(path, message)), cause);
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unknown error";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    /** {@code $.purposes[3].legalBasis} from Jackson's reference chain. */
    private static String path(JsonMappingException e) {
        StringBuilder sb = new StringBuilder("$");
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getIndex() >= 0) {
                sb.append('[').append(ref.getIndex()).append(']');
            } else if (ref.getFieldName() != null) {
                sb.append('.').append(ref.getFieldName());
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
                sb.append('.').append(p.getMatchingProperty());
            }
        }
        return sb.toString();
    }
}
