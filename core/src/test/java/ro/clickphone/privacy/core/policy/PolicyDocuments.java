package ro.clickphone.privacy.core.policy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The shipped policy document as an editable JSON tree, for tests that derive variants of it. */
public final class PolicyDocuments {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private PolicyDocuments() {
    }

    /** A fresh, editable copy of the ClickPhone policy document. */
    public static ObjectNode defaultDocument() {
        try (InputStream in = Policy.class.getResourceAsStream(Policy.CLICKPHONE_RESOURCE)) {
            return (ObjectNode) MAPPER.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Loads a document given as text, its archived text read from beside the shipped policy (where
     * the default document's text is), as {@link Policy#clickPhoneDefault()} reads it.
     */
    public static Policy load(String json) {
        return Policy.load(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)),
                PolicyTextSource.classPath(Policy.class));
    }

    /** Loads a document given as a tree. */
    public static Policy load(ObjectNode document) {
        return load(document.toString());
    }

    /** The default document as another version, with material changes of the given purposes. */
    public static Policy version(String label, String effectiveFrom, String... materiallyChanged) {
        ObjectNode doc = defaultDocument();
        doc.put("version", label).put("effectiveFrom", effectiveFrom);
        for (String purpose : materiallyChanged) {
            doc.withArray("materialChanges").addObject().put("purpose", purpose).put("summary", "changed in " + label);
        }
        return load(doc);
    }

    /** The default document as another version, with changes of the given purposes that diminish rights. */
    public static Policy diminishing(String label, String effectiveFrom, String... diminished) {
        ObjectNode doc = defaultDocument();
        doc.put("version", label).put("effectiveFrom", effectiveFrom).remove("effectiveFromAssumed");
        doc.remove("effectiveFromBasis");
        for (String purpose : diminished) {
            doc.withArray("materialChanges").addObject().put("purpose", purpose)
                    .put("summary", "rights diminished in " + label).put("diminishesRights", true);
        }
        return load(doc);
    }
}
