package ro.clickphone.privacy.core.incident.internal;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Collection;
import java.util.HexFormat;
import java.util.Optional;
import java.util.stream.Collectors;
import ro.clickphone.privacy.core.incident.IncidentReport;
import ro.clickphone.privacy.spi.DataCategory;
import ro.clickphone.privacy.spi.incident.AffectedCount;
import ro.clickphone.privacy.spi.incident.BreachNoticeText;
import ro.clickphone.privacy.spi.incident.IncidentContact;
import ro.clickphone.privacy.spi.incident.IncidentVersion;
import ro.clickphone.privacy.spi.incident.PublicCommunication;

/**
 * An unambiguous byte form of an incident version or report: every component by name, each value
 * length-prefixed, absent and present told apart, sets in their sorted order, instants to the
 * nanosecond. Two values have the same form exactly when they are equal, so the SHA-256 of a
 * version's form, audited when the version is recorded, shows later whether the store still holds
 * that version.
 */
final class Canonical {

    private static final HexFormat HEX = HexFormat.of();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream(512);

    private Canonical(String kind) {
        text("kind", kind);
    }

    /** The digest of a version as the audit carries it: {@code sha256:} and 64 hex digits. */
    static String digest(IncidentVersion v) {
        return "sha256:" + HEX.formatHex(sha256(of(v)));
    }

    /** The byte form of a version. */
    static byte[] of(IncidentVersion v) {
        Canonical c = new Canonical("incident-version/1");
        c.text("incidentId", v.incidentId());
        c.text("version", Integer.toString(v.version()));
        c.facts(v.nature(), v.occurredAt(), v.discoveredAt(), v.affectedSubjects(), v.affectedRecords(),
                v.subjectCategories(), v.categories(), v.likelyConsequences(), v.measures(), v.status().name(),
                v.clocks().stream().map(Enum::name).toList(), v.delayReason(), v.notice(), v.circumstances(),
                v.otherProviders(), v.crossBorder());
        IncidentContact contact = v.contact();
        c.text("contact.name", contact.name());
        c.optional("contact.email", contact.email());
        c.optional("contact.phone", contact.phone());
        Optional<PublicCommunication> pc = v.publicCommunication();
        c.optional("publicCommunication.at", pc.map(p -> p.at().toString()));
        c.optional("publicCommunication.means", pc.map(PublicCommunication::means));
        c.text("recordedAt", v.recordedAt().toString());
        c.text("recordedBy", v.recordedBy());
        return c.out.toByteArray();
    }

    /**
     * The SHA-256 of a report's byte form as one actor gives it, in hex: what makes two reports the
     * same report. The register keys it before use (it may be guessed from the texts).
     */
    static String reportDigest(IncidentReport r, String recordedBy) {
        Canonical c = new Canonical("incident-report/1");
        c.facts(r.nature(), r.occurredAt(), r.discoveredAt(), r.affectedSubjects(), r.affectedRecords(),
                r.subjectCategories(), r.categories(), r.likelyConsequences(), r.measures(), r.status().name(),
                r.clocks().stream().map(Enum::name).toList(), r.delayReason(), r.notice(), r.circumstances(),
                r.otherProviders(), r.crossBorder());
        c.text("recordedBy", recordedBy);
        return HEX.formatHex(sha256(c.out.toByteArray()));
    }

    private void facts(String nature, Instant occurredAt, Instant discoveredAt, AffectedCount subjects,
            Optional<AffectedCount> records, Collection<String> subjectCategories, Collection<DataCategory> categories,
            String consequences, String measures, String status, Collection<String> clocks,
            Optional<String> delayReason, Optional<BreachNoticeText> notice, Optional<String> circumstances,
            Optional<String> otherProviders, Optional<String> crossBorder) {
        text("nature", nature);
        text("occurredAt", occurredAt.toString());
        text("discoveredAt", discoveredAt.toString());
        text("affectedSubjects", subjects.toString());
        optional("affectedRecords", records.map(AffectedCount::toString));
        list("subjectCategories", subjectCategories);
        list("categories", categories.stream().map(DataCategory::id).toList());
        text("likelyConsequences", consequences);
        text("measures", measures);
        text("status", status);
        list("clocks", clocks);
        optional("delayReason", delayReason);
        optional("notice.nature", notice.map(BreachNoticeText::nature));
        optional("notice.consequences", notice.map(BreachNoticeText::consequences));
        optional("notice.measures", notice.map(BreachNoticeText::measures));
        optional("notice.recommendations", notice.map(BreachNoticeText::recommendations));
        optional("circumstances", circumstances);
        optional("otherProviders", otherProviders);
        optional("crossBorder", crossBorder);
    }

    private void text(String name, String value) {
        bytes(name.getBytes(StandardCharsets.UTF_8));
        out.write(1);
        bytes(value.getBytes(StandardCharsets.UTF_8));
    }

    private void optional(String name, Optional<String> value) {
        if (value.isPresent()) {
            text(name, value.get());
        } else {
            bytes(name.getBytes(StandardCharsets.UTF_8));
            out.write(0);
        }
    }

    private void list(String name, Collection<String> values) {
        // The sets are sorted (ids) or in enum order already; each element length-prefixed.
        text(name, values.stream().map(v -> v.length() + ":" + v).collect(Collectors.joining(",")));
    }

    private void bytes(byte[] b) {
        int n = b.length;
        out.write(n >>> 24);
        out.write(n >>> 16);
        out.write(n >>> 8);
        out.write(n);
        out.write(b, 0, n);
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
