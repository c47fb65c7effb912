package ro.clickphone.privacy.core.incident;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import ro.clickphone.privacy.core.policy.Contact;
import ro.clickphone.privacy.core.policy.Controller;
import ro.clickphone.privacy.spi.DataCategory;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.incident.AffectedCount;
import ro.clickphone.privacy.spi.incident.AuthorityNotice;
import ro.clickphone.privacy.spi.incident.IncidentClock;
import ro.clickphone.privacy.spi.incident.IncidentContact;
import ro.clickphone.privacy.spi.incident.IncidentVersion;

/**
 * The notification of a personal data breach to the supervisory authority, from the latest version
 * of an incident in the register, as JSON ({@link #toJson()}) and Markdown ({@link #toMarkdown()}).
 * It holds every item GDPR art. 33(3) asks for: (a) the nature of the breach, with the categories
 * and the approximate number of data subjects and of personal data records concerned; (b) the name
 * and contact details of the data protection officer; (c) the likely consequences; (d) the measures
 * taken or proposed. It adds the times (occurred, discovered, each deadline and when it was met),
 * the notices already sent to the authority, how many subjects were notified, and, when a notice to
 * the authority is late, the reasons for the delay that art. 33(1) requires, or a plain statement
 * that they are missing. Art. 33(4) allows the information in phases: each report says which
 * version of the register entry it gives.
 *
 * <p>The free texts may name people: {@link #toString()} prints the incident, the version and
 * whether the notice is late only.
 *
 * @param incident the version of the incident reported
 * @param controller the controller notifying, from the policy
 * @param authority the supervisory authority, from the policy, if it names one
 * @param categoryNames the policy's name of each category of the incident (a category the policy
 *     does not name is shown by its id)
 * @param deadlines the incident's deadlines, in the order of the clocks
 * @param notices the notices already sent to the authority, in the order recorded
 * @param subjectNoticesPlanned how many subjects the controller set out to notify
 * @param subjectNoticesSent how many of them have a notice in the outbox
 * @param zone the policy's time zone, in which local times are shown beside UTC
 * @param generatedAt when the report was made: lateness is judged at this instant
 *
 * @since 0.1.0
 */
public record AuthorityReport(IncidentVersion incident, Controller controller, Optional<Contact> authority,
        Map<DataCategory, String> categoryNames, List<Deadline> deadlines, List<AuthorityNotice> notices,
        int subjectNoticesPlanned, int subjectNoticesSent, ZoneId zone, Instant generatedAt) {

    private static final ObjectMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();
    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss xxx", Locale.ROOT);

    /**
     * Validates the components and copies the collections.
     *
     * @param incident the incident, as the type describes it
     * @param controller the controller, as the type describes it
     * @param authority the authority, as the type describes it
     * @param categoryNames the category names, as the type describes it
     * @param deadlines the deadlines, as the type describes it
     * @param notices the notices, as the type describes it
     * @param subjectNoticesPlanned the planned count, as the type describes it
     * @param subjectNoticesSent the sent count, as the type describes it
     * @param zone the zone, as the type describes it
     * @param generatedAt the generation time, as the type describes it
     * @throws InvalidInputException if a component is null, a count negative, or more sent than planned
     */
    public AuthorityReport {
        Check.notNull(incident, "report.incident");
        Check.notNull(controller, "report.controller");
        Check.notNull(authority, "report.authority");
        Check.notNull(categoryNames, "report.categoryNames").forEach((category, name) -> {
            Check.notNull(category, "report.categoryNames");
            Check.notNull(name, "report.categoryNames");
        });
        categoryNames = Map.copyOf(categoryNames);
        deadlines = Check.list(deadlines, "report.deadlines");
        notices = Check.list(notices, "report.notices");
        if (subjectNoticesPlanned < 0 || subjectNoticesSent < 0 || subjectNoticesSent > subjectNoticesPlanned) {
            throw new InvalidInputException("report.subjectNoticesSent", "must be between 0 and the notices planned");
        }
        Check.notNull(zone, "report.zone");
        Check.notNull(generatedAt, "report.generatedAt");
    }

    /**
     * Whether a notice to the authority is late at {@link #generatedAt()}: one of the authority's
     * deadlines was met after it was due, or is not met and is past due.
     *
     * @return whether the report must say why (art. 33(1))
     */
    public boolean late() {
        return deadlines.stream().anyMatch(d -> d.clock().authority() && d.isLate(generatedAt));
    }

    /**
     * Whether the notice is late and the register holds no reasons for the delay.
     *
     * @return {@code true} if art. 33(1)'s reasons are missing
     */
    public boolean reasonsForDelayMissing() {
        return late() && incident.delayReason().isEmpty();
    }

    /** The legal basis of a clock, in words. */
    static String basis(IncidentClock clock) {
        return switch (clock) {
            case ANSPDCP_72H -> "GDPR art. 33(1): the supervisory authority, without undue delay and within 72 hours"
                    + " of becoming aware of the breach";
            case EPRIVACY_INITIAL_24H -> "Regulation (EU) No 611/2013 art. 2(2): initial notification to the national"
                    + " authority within 24 hours of the detection of the breach";
            case EPRIVACY_FULL_3D -> "Regulation (EU) No 611/2013 art. 2(3): full notification within 3 days"
                    + " (counted here from the detection, the stricter reading)";
            case CUSTOMERS_24H -> "Privacy policy Cap. 7: every affected customer within 24 hours of the discovery";
        };
    }

    private String local(Instant at) {
        return LOCAL.format(at.atZone(zone));
    }

    private String categoryName(DataCategory category) {
        return categoryNames.getOrDefault(category, category.id());
    }

    // --- JSON ----------------------------------------------------------------------------------------

    /**
     * The report as JSON: an object with {@code incident}, {@code controller}, {@code authority},
     * {@code nature} (art. 33(3)(a): {@code description}, {@code categories}, {@code dataSubjects},
     * {@code records}), {@code contact} (art. 33(3)(b)), {@code likelyConsequences} (art. 33(3)(c)),
     * {@code measures} (art. 33(3)(d)), {@code times}, {@code deadlines}, {@code delay} (art. 33(1)),
     * {@code noticesToAuthority} and {@code subjectsNotified}. Instants are ISO-8601 in UTC, with
     * the local time in the policy's zone beside them.
     *
     * @return the JSON text
     */
    public String toJson() {
        ObjectNode root = JSON.createObjectNode();
        root.put("report", "Notification of a personal data breach to the supervisory authority (GDPR art. 33)");
        root.put("generatedAt", generatedAt.toString());
        root.put("timeZone", zone.getId());
        ObjectNode inc = root.putObject("incident");
        inc.put("id", incident.incidentId());
        inc.put("version", incident.version());
        inc.put("status", incident.status().name());
        inc.put("recordedAt", incident.recordedAt().toString());
        ObjectNode c = root.putObject("controller");
        c.put("name", controller.name());
        c.put("address", controller.address());
        controller.fiscalCode().ifPresent(v -> c.put("fiscalCode", v));
        c.put("email", controller.email());
        controller.phone().ifPresent(v -> c.put("phone", v));
        if (authority.isPresent()) {
            ObjectNode a = root.putObject("authority");
            a.put("name", authority.get().name());
            authority.get().email().ifPresent(v -> a.put("email", v));
            authority.get().web().ifPresent(v -> a.put("web", v));
        } else {
            root.putNull("authority");
        }

        ObjectNode nature = root.putObject("nature");
        nature.put("article", "GDPR art. 33(3)(a)");
        nature.put("description", incident.nature());
        ArrayNode categories = nature.putArray("categories");
        for (DataCategory category : incident.categories()) {
            categories.addObject().put("id", category.id()).put("name", categoryName(category));
        }
        count(nature.putObject("dataSubjects"), Optional.of(incident.affectedSubjects()));
        count(nature.putObject("records"), incident.affectedRecords());

        IncidentContact dpo = incident.contact();
        ObjectNode contact = root.putObject("contact");
        contact.put("article", "GDPR art. 33(3)(b)");
        contact.put("role", "Data protection officer");
        contact.put("name", dpo.name());
        dpo.email().ifPresent(v -> contact.put("email", v));
        dpo.phone().ifPresent(v -> contact.put("phone", v));

        root.putObject("likelyConsequences").put("article", "GDPR art. 33(3)(c)")
                .put("description", incident.likelyConsequences());
        root.putObject("measures").put("article", "GDPR art. 33(3)(d)").put("description", incident.measures());

        ObjectNode times = root.putObject("times");
        times.put("occurredAt", incident.occurredAt().toString());
        times.put("occurredAtLocal", local(incident.occurredAt()));
        times.put("discoveredAt", incident.discoveredAt().toString());
        times.put("discoveredAtLocal", local(incident.discoveredAt()));

        ArrayNode ds = root.putArray("deadlines");
        for (Deadline d : deadlines) {
            ObjectNode n = ds.addObject();
            n.put("clock", d.clock().name());
            n.put("basis", basis(d.clock()));
            n.put("due", d.due().toString());
            n.put("dueLocal", local(d.due()));
            if (d.satisfiedAt().isPresent()) {
                n.put("satisfiedAt", d.satisfiedAt().get().toString());
            } else {
                n.putNull("satisfiedAt");
            }
            n.put("late", d.isLate(generatedAt));
        }

        ObjectNode delay = root.putObject("delay");
        delay.put("article", "GDPR art. 33(1)");
        delay.put("late", late());
        if (incident.delayReason().isPresent()) {
            delay.put("reasons", incident.delayReason().get());
        } else {
            delay.putNull("reasons");
        }
        delay.put("reasonsMissing", reasonsForDelayMissing());

        ArrayNode sent = root.putArray("noticesToAuthority");
        for (AuthorityNotice notice : notices) {
            sent.addObject().put("clock", notice.clock().name()).put("sentAt", notice.sentAt().toString())
                    .put("reference", notice.reference());
        }
        root.putObject("subjectsNotified").put("planned", subjectNoticesPlanned).put("sent", subjectNoticesSent);
        try {
            return JSON.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A JSON tree failed to serialize", e);
        }
    }

    private static void count(ObjectNode node, Optional<AffectedCount> count) {
        if (count.isPresent()) {
            node.put("approximateNumber", count.get().value());
            node.put("estimated", count.get().estimated());
            node.put("known", true);
        } else {
            node.putNull("approximateNumber");
            node.put("estimated", true);
            node.put("known", false);
        }
    }

    // --- Markdown ------------------------------------------------------------------------------------

    /**
     * The report as Markdown, one section per item of art. 33(3), then the times, the deadlines, the
     * delay, the notices already sent and the subjects notified. Free texts are escaped so that
     * they render as text, never as Markdown.
     *
     * @return the Markdown text
     */
    public String toMarkdown() {
        StringBuilder md = new StringBuilder();
        md.append("# Personal data breach notification (GDPR art. 33)\n\n");
        md.append("- **Incident:** ").append(incident.incidentId()).append(", version ").append(incident.version())
                .append(" of the register entry (status ").append(incident.status()).append(")\n");
        md.append("- **Generated:** ").append(local(generatedAt)).append(" (").append(generatedAt).append(")\n");
        authority.ifPresent(a -> md.append("- **To:** ").append(esc(a.name()))
                .append(a.web().map(w -> " (" + esc(w) + ")").orElse("")).append('\n'));
        md.append('\n');
        if (late()) {
            md.append("> **This notification is late** (GDPR art. 33(1)). ");
            md.append(incident.delayReason().map(r -> "Reasons for the delay: " + esc(r))
                    .orElse("**The reasons for the delay are missing:** art. 33(1) requires them.")).append("\n\n");
        }

        md.append("## Controller\n\n");
        md.append("- **Name:** ").append(esc(controller.name())).append('\n');
        md.append("- **Address:** ").append(esc(controller.address())).append('\n');
        controller.fiscalCode().ifPresent(v -> md.append("- **Fiscal code:** ").append(esc(v)).append('\n'));
        md.append("- **E-mail:** ").append(esc(controller.email())).append('\n');
        controller.phone().ifPresent(v -> md.append("- **Phone:** ").append(esc(v)).append('\n'));

        md.append("\n## (a) Nature of the breach (art. 33(3)(a))\n\n");
        md.append("- **Description:** ").append(esc(incident.nature())).append('\n');
        md.append("- **Categories of personal data concerned:** ");
        md.append(String.join(", ", incident.categories().stream()
                .map(c -> esc(categoryName(c)) + " (" + c.id() + ")").toList())).append('\n');
        md.append("- **Approximate number of data subjects concerned:** ")
                .append(count(Optional.of(incident.affectedSubjects()))).append('\n');
        md.append("- **Approximate number of personal data records concerned:** ")
                .append(count(incident.affectedRecords())).append('\n');

        IncidentContact dpo = incident.contact();
        md.append("\n## (b) Data protection officer (art. 33(3)(b))\n\n");
        md.append("- **Name:** ").append(esc(dpo.name())).append('\n');
        dpo.email().ifPresent(v -> md.append("- **E-mail:** ").append(esc(v)).append('\n'));
        dpo.phone().ifPresent(v -> md.append("- **Phone:** ").append(esc(v)).append('\n'));

        md.append("\n## (c) Likely consequences (art. 33(3)(c))\n\n- **Description:** ")
                .append(esc(incident.likelyConsequences())).append('\n');
        md.append("\n## (d) Measures taken or proposed (art. 33(3)(d))\n\n- **Description:** ")
                .append(esc(incident.measures())).append('\n');

        md.append("\n## Times\n\n");
        md.append("- **Occurred:** ").append(local(incident.occurredAt())).append(" (").append(incident.occurredAt())
                .append(")\n");
        md.append("- **Discovered:** ").append(local(incident.discoveredAt())).append(" (")
                .append(incident.discoveredAt()).append(")\n");

        md.append("\n## Deadlines\n\n");
        if (deadlines.isEmpty()) {
            md.append("No notification clock applies to this incident.\n");
        } else {
            md.append("| Clock | Basis | Due | Met | Late |\n|---|---|---|---|---|\n");
            for (Deadline d : deadlines) {
                md.append("| ").append(d.clock()).append(" | ").append(esc(basis(d.clock()))).append(" | ")
                        .append(local(d.due())).append(" | ")
                        .append(d.satisfiedAt().map(this::local).orElse("not yet")).append(" | ")
                        .append(d.isLate(generatedAt) ? "**yes**" : "no").append(" |\n");
            }
        }

        md.append("\n## Delay (art. 33(1))\n\n");
        if (!late()) {
            md.append("The notification is within its deadlines.");
            incident.delayReason().ifPresent(r -> md.append(" Reasons recorded for a delay: ").append(esc(r)));
            md.append('\n');
        } else {
            md.append(incident.delayReason().map(r -> "Reasons for the delay: " + esc(r))
                    .orElse("**Missing:** the notification is late and the register holds no reasons for the delay."))
                    .append('\n');
        }

        md.append("\n## Notices already sent to the authority\n\n");
        if (notices.isEmpty()) {
            md.append("None yet.\n");
        }
        for (AuthorityNotice notice : notices) {
            md.append("- ").append(notice.clock()).append(": sent ").append(local(notice.sentAt()))
                    .append(", reference ").append(esc(notice.reference())).append('\n');
        }
        md.append("\n## Data subjects notified (art. 34, policy Cap. 7)\n\n");
        md.append("- **Notices planned:** ").append(subjectNoticesPlanned).append('\n');
        md.append("- **Notices sent:** ").append(subjectNoticesSent).append('\n');
        return md.toString();
    }

    private static String count(Optional<AffectedCount> count) {
        return count.map(c -> c.estimated() ? "about " + c.value() + " (estimate)" : Long.toString(c.value()))
                .orElse("not yet known");
    }

    /**
     * Escapes what Markdown would read as markup inside a line, so that a free text renders as the
     * text it is; every text is placed after a label, never at the start of a line, so the markers
     * that count only there ({@code -}, {@code 1.}) need no escape.
     */
    static String esc(String text) {
        StringBuilder out = new StringBuilder(text.length() + 8);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if ("\\`*_[]<>#|~".indexOf(c) >= 0) {
                out.append('\\');
            }
            out.append(c == '\n' || c == '\r' ? ' ' : c);
        }
        return out.toString();
    }

    /**
     * The incident, the version and whether the notice is late; no free text, no contact.
     *
     * @return e.g. {@code AuthorityReport[i-3fa9..., v2, late]}
     */
    @Override
    public String toString() {
        return "AuthorityReport[" + incident.incidentId() + ", v" + incident.version() + ", "
                + (late() ? "late" : "in time") + "]";
    }

}
