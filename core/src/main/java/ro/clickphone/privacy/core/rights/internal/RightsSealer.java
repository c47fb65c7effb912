package ro.clickphone.privacy.core.rights.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import ro.clickphone.privacy.crypto.FieldContext;
import ro.clickphone.privacy.crypto.FieldEncryptor;
import ro.clickphone.privacy.spi.ConfigurationException;
import ro.clickphone.privacy.spi.DataCategory;
import ro.clickphone.privacy.spi.IntegrityException;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.KeyScope;
import ro.clickphone.privacy.spi.RecordRef;
import ro.clickphone.privacy.spi.SubjectId;
import ro.clickphone.privacy.spi.source.Rectification;

/**
 * Seals the personal details of a rights request (a rectification's fields and values, a review's
 * point of view and rationale) under the subject's {@code profile} key, in the kit's own context
 * ({@value #ENTITY}.{@value #FIELD}) bound to the request's (or task's) id, so that the request store
 * holds no readable value, a sealed text moved to another request does not open, and the erasure
 * that shreds the subject's profile leaves none of it readable. The encryptor given here must take
 * that context alone: the kit's public encryptors refuse the entity. Thread-safe.
 */
public final class RightsSealer {

    /** The entity of the sealed details; {@code kit.fields()} refuses it. */
    public static final String ENTITY = "rights_request";
    /** The field of the sealed details. */
    public static final String FIELD = "details";
    /** The key scope the details are sealed under: the subject's contact data's. */
    public static final String SCOPE = "profile";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String VERSION = "1";

    /** Null when the kit has no key settings: sealing then fails with a configuration message. */
    private final FieldEncryptor fields;

    /**
     * A sealer over the kit's own encryptor for the context.
     *
     * @param fields the encryptor, or null when the kit has no key settings
     */
    public RightsSealer(FieldEncryptor fields) {
        this.fields = fields;
    }

    /**
     * The context of one request's (or task's) sealed details.
     *
     * @param id the request's or task's id
     * @return the context
     */
    public static FieldContext context(String id) {
        return FieldContext.of(ENTITY, FIELD, KeyScope.of(SCOPE)).withRecordId(id);
    }

    /**
     * Seals a rectification's corrections.
     *
     * @param subject whose
     * @param id the request's id
     * @param corrections the corrections
     * @return the sealed text
     */
    public String sealCorrections(SubjectId subject, String id, List<Rectification> corrections) {
        List<Map<String, String>> list = new ArrayList<>();
        for (Rectification r : corrections) {
            Map<String, String> one = new LinkedHashMap<>();
            one.put("category", r.category().id());
            one.put("field", r.field());
            one.put("value", r.value());
            r.record().ifPresent(ref -> {
                one.put("source", ref.source());
                one.put("record", ref.id());
            });
            list.add(one);
        }
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("v", VERSION);
        values.put("corrections", list);
        return seal(subject, id, values);
    }

    /**
     * Opens a rectification's corrections.
     *
     * @param subject whose
     * @param id the request's id
     * @param sealed the sealed text
     * @return the corrections
     * @throws IntegrityException if it does not open for this subject and request
     */
    public List<Rectification> openCorrections(SubjectId subject, String id, String sealed) {
        Map<?, ?> values = open(subject, id, sealed);
        if (!(values.get("corrections") instanceof List<?> list)) {
            throw new IntegrityException("The sealed request details are not in a format this kit reads");
        }
        List<Rectification> out = new ArrayList<>();
        for (Object o : list) {
            if (!(o instanceof Map<?, ?> one) || !(one.get("category") instanceof String category)
                    || !(one.get("field") instanceof String field) || !(one.get("value") instanceof String value)) {
                throw new IntegrityException("The sealed request details are not in a format this kit reads");
            }
            Optional<RecordRef> record = one.get("source") instanceof String source
                    && one.get("record") instanceof String recordId
                    ? Optional.of(RecordRef.of(source, recordId)) : Optional.empty();
            out.add(new Rectification(DataCategory.of(category), field, value, record));
        }
        return out;
    }

    /**
     * Seals a human review's decision reference and the subject's point of view.
     *
     * @param subject whose
     * @param id the request's id
     * @param decisionRef the decision's reference
     * @param viewpoint the point of view
     * @return the sealed text
     */
    public String sealReview(SubjectId subject, String id, String decisionRef, String viewpoint) {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("v", VERSION);
        values.put("decisionRef", decisionRef);
        values.put("text", viewpoint);
        return seal(subject, id, values);
    }

    /**
     * Opens a human review's decision reference and point of view.
     *
     * @param subject whose
     * @param id the request's id
     * @param sealed the sealed text
     * @return the decision reference and the point of view, in that order
     * @throws IntegrityException if it does not open for this subject and request
     */
    public List<String> openReview(SubjectId subject, String id, String sealed) {
        Map<?, ?> values = open(subject, id, sealed);
        if (!(values.get("decisionRef") instanceof String ref) || !(values.get("text") instanceof String text)) {
            throw new IntegrityException("The sealed request details are not in a format this kit reads");
        }
        return List.of(ref, text);
    }

    /**
     * Seals one text (a point of view, a rationale).
     *
     * @param subject whose
     * @param id the request's or task's id
     * @param text the text
     * @return the sealed text
     */
    public String sealText(SubjectId subject, String id, String text) {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("v", VERSION);
        values.put("text", text);
        return seal(subject, id, values);
    }

    /**
     * Opens one text.
     *
     * @param subject whose
     * @param id the request's or task's id
     * @param sealed the sealed text
     * @return the text
     * @throws IntegrityException if it does not open for this subject and id
     */
    public String openText(SubjectId subject, String id, String sealed) {
        if (!(open(subject, id, sealed).get("text") instanceof String text)) {
            throw new IntegrityException("The sealed request details are not in a format this kit reads");
        }
        return text;
    }

    private String seal(SubjectId subject, String id, Map<String, Object> values) {
        if (fields == null) {
            throw new ConfigurationException("A rectification's values and a review's point of view are sealed under"
                    + " the subject's key: give keys(KeySettings.of(provider)) to the kit builder");
        }
        try {
            return fields.encrypt(subject, context(id), JSON.writeValueAsString(values));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A map of strings always writes as JSON", e);
        }
    }

    private Map<?, ?> open(SubjectId subject, String id, String sealed) {
        if (fields == null) {
            throw new ConfigurationException("The request's sealed details need the kit's key settings");
        }
        String json;
        try {
            json = fields.decrypt(subject, context(id), sealed);
        } catch (InvalidInputException e) {
            throw new IntegrityException("The sealed request details are malformed");
        }
        try {
            Map<?, ?> values = JSON.readValue(json, Map.class);
            if (!VERSION.equals(values.get("v"))) {
                throw new IntegrityException("The sealed request details are not in a format this kit reads");
            }
            return values;
        } catch (JsonProcessingException e) {
            throw new IntegrityException("The sealed request details are not in a format this kit reads");
        }
    }

    @Override
    public String toString() {
        return "RightsSealer[" + ENTITY + "." + FIELD + "]";
    }
}
