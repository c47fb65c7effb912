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
import java.util.ArrayList;
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
import ro.clickphone.privacy.spi.incident.BreachNoticeText;
import ro.clickphone.privacy.spi.incident.IncidentClock;
import ro.clickphone.privacy.spi.incident.IncidentContact;
import ro.clickphone.privacy.spi.incident.IncidentVersion;

/**
 * One notification of a personal data breach to the supervisory authority, for one of the
 * authority's clocks, from the latest version of an incident in the register, as JSON
 * ({@link #toJson()}) and Markdown ({@link #toMarkdown()}).
 *
 * <p>It says which notification it is ({@link #kind()}): the notification under GDPR art. 33, or
 * the initial or the second (full) notification under Commission Regulation (EU) No 611/2013. It
 * holds every item GDPR art. 33(3) asks for: (a) the nature of the breach, with the categories and
 * the approximate number of data subjects and of personal data records concerned; (b) the name and
 * contact details of the data protection officer; (c) the likely consequences; (d) the measures
 * taken or proposed. For a notification under Regulation (EU) No 611/2013 it adds the items of its
 * Annex I: the circumstances, the relevant use of other providers, the cross-border matters, and
 * the content and means of the notice to the subscribers, with what is still missing. It adds the
 * times (occurred, discovered, every correction of the discovery, each deadline and when it was
 * met), the notices already sent to the authority and how many subjects were notified. When this
 * notification's own clock is late, it gives the reasons for the delay that the clock's legal basis
 * asks for, or a plain statement that they are missing. Art. 33(4) allows the information in
 * phases: each report says which version of the register entry it gives.
 *
 * <p>The free texts may name people: {@link #toString()} prints the incident, the version, the
 * clock and whether the notice is late only.
 *
 * @param incident the version of the incident reported
 * @param clock the authority clock this notification answers; one that applies to the incident
 * @param controller the controller notifying, from the policy
 * @param authority the supervisory authority, from the policy, if it names one
 * @param categoryNames the policy's name of each category of data of the incident (a category the
 *     policy does not name is shown by its id)
 * @param subjectCategoryNames the policy's description of each category of data subjects of the
 *     incident, by id (one the policy does not describe is shown by its id)
 * @param deadlines the incident's deadlines, in the order of the clocks
 * @param notices the notices already sent to the authority, in the order recorded
 * @param discoveryCorrections every later version that moved the time of discovery, oldest first
 * @param subjectNoticesPlanned how many subjects the controller set out to notify
 * @param subjectNoticesSent how many of them have a notice in the outbox
 * @param noticeChannels the means by which the breach notices go out (the policy's channels of the
 *     breach notice, e.g. {@code EMAIL})
 * @param zone the policy's time zone, in which local times are shown beside UTC
 * @param generatedAt when the report was made: lateness is judged at this instant
 *
 * @since 0.1.0
 */
public record AuthorityReport(IncidentVersion incident, IncidentClock clock, Controller controller,
        Optional<Contact> authority, Map<DataCategory, String> categoryNames, Map<String, String> subjectCategoryNames,
        List<Deadline> deadlines, List<AuthorityNotice> notices, List<DiscoveryCorrection> discoveryCorrections,
        long subjectNoticesPlanned, long subjectNoticesSent, List<String> noticeChannels, ZoneId zone,
        Instant generatedAt) {

    private static final ObjectMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();
    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss xxx", Locale.ROOT);
    private static final String ANNEX_I = "Regulation (EU) No 611/2013 Annex I";

    /**
     * A later version of the incident that moved the time of its discovery, and with it every
     * deadline: the report shows each, so that a discovery moved later to hide a late notice is
     * in plain sight.
     *
     * @param version the version that made the correction
     * @param from the discovery before it
     * @param to the discovery it recorded
     * @param recordedAt when that version was recorded
     */
    public record DiscoveryCorrection(int version, Instant from, Instant to, Instant recordedAt) {

        /**
         * Validates the components.
         *
         * @param version the version, 2 or more
         * @param from the earlier discovery
         * @param to the corrected discovery
         * @param recordedAt the recording time
         * @throws InvalidInputException if a component is null, or the version below 2
         */
        public DiscoveryCorrection {
            if (version < 2) {
                throw new InvalidInputException("correction.version", "must be 2 or more: version 1 corrects nothing");
            }
            Check.notNull(from, "correction.from");
            Check.notNull(to, "correction.to");
            Check.notNull(recordedAt, "correction.recordedAt");
        }
    }

    /**
     * Validates the components and copies the collections.
     *
     * @param incident the incident, as the type describes it
     * @param clock the clock, as the type describes it
     * @param controller the controller, as the type describes it
     * @param authority the authority, as the type describes it
     * @param categoryNames the category names, as the type describes it
     * @param subjectCategoryNames the names of the categories of data subjects, as the type describes it
     * @param deadlines the deadlines, as the type describes it
     * @param notices the notices, as the type describes it
     * @param discoveryCorrections the corrections of the discovery, as the type describes it
     * @param subjectNoticesPlanned the planned count, as the type describes it
     * @param subjectNoticesSent the sent count, as the type describes it
     * @param noticeChannels the channels of the breach notice, as the type describes it
     * @param zone the zone, as the type describes it
     * @param generatedAt the generation time, as the type describes it
     * @throws InvalidInputException if a component is null or holds null, a count negative, more
     *     sent than planned, the clock is not an authority clock that applies to the incident, or a
     *     deadline or notice belongs to another incident
     */
    public AuthorityReport {
        Check.notNull(incident, "report.incident");
        Check.notNull(clock, "report.clock");
        if (!clock.authority() || !incident.clocks().contains(clock)) {
            throw new InvalidInputException("report.clock", "must be an authority clock that applies to the incident");
        }
        Check.notNull(controller, "report.controller");
        Check.notNull(authority, "report.authority");
        Check.notNull(categoryNames, "report.categoryNames").forEach((category, name) -> {
            Check.notNull(category, "report.categoryNames");
            Check.notNull(name, "report.categoryNames");
        });
        categoryNames = Map.copyOf(categoryNames);
        Check.notNull(subjectCategoryNames, "report.subjectCategoryNames").forEach((id, name) -> {
            Check.notNull(id, "report.subjectCategoryNames");
            Check.notNull(name, "report.subjectCategoryNames");
        });
        subjectCategoryNames = Map.copyOf(subjectCategoryNames);
        deadlines = Check.list(deadlines, "report.deadlines");
        notices = Check.list(notices, "report.notices");
        for (Deadline d : deadlines) {
            if (!d.incidentId().equals(incident.incidentId())) {
                throw new InvalidInputException("report.deadlines", "must all belong to the incident reported");
            }
        }
        for (AuthorityNotice n : notices) {
            if (!n.incidentId().equals(incident.incidentId())) {
                throw new InvalidInputException("report.notices", "must all belong to the incident reported");
            }
        }
        discoveryCorrections = Check.list(discoveryCorrections, "report.discoveryCorrections");
        if (subjectNoticesPlanned < 0 || subjectNoticesSent < 0 || subjectNoticesSent > subjectNoticesPlanned) {
            throw new InvalidInputException("report.subjectNoticesSent", "must be between 0 and the notices planned");
        }
        noticeChannels = Check.list(noticeChannels, "report.noticeChannels");
        Check.notNull(zone, "report.zone");
        Check.notNull(generatedAt, "report.generatedAt");
    }

    /**
     * Which notification this is, in words.
     *
     * @return e.g. {@code "initial notification (Regulation (EU) No 611/2013 art. 2(2))"}
     */
    public String kind() {
        return switch (clock) {
            case ANSPDCP_72H -> "notification of a personal data breach (GDPR art. 33)";
            case EPRIVACY_INITIAL_24H -> "initial notification (Regulation (EU) No 611/2013 art. 2(2))";
            case EPRIVACY_FULL_3D -> "second notification (Regulation (EU) No 611/2013 art. 2(3))";
            case CUSTOMERS_24H -> throw new IllegalStateException("not an authority clock");
        };
    }

    /** A short code of the kind, for the JSON. */
    private String kindCode() {
        return switch (clock) {
            case ANSPDCP_72H -> "GDPR_ART_33";
            case EPRIVACY_INITIAL_24H -> "EPRIVACY_INITIAL";
            case EPRIVACY_FULL_3D -> "EPRIVACY_SECOND";
            case CUSTOMERS_24H -> throw new IllegalStateException("not an authority clock");
        };
    }

    /** Whether this is a notification under Regulation (EU) No 611/2013, which asks for Annex I. */
    private boolean eprivacy() {
        return clock == IncidentClock.EPRIVACY_INITIAL_24H || clock == IncidentClock.EPRIVACY_FULL_3D;
    }

    /**
     * Whether this notification is late at {@link #generatedAt()}: its clock's deadline was met
     * after it was due, or is not met and is past due. Another clock being late does not make this
     * notification late; the deadlines table shows every clock.
     *
     * @return whether the report must give the reasons for the delay
     */
    public boolean late() {
        return deadlines.stream().anyMatch(d -> d.clock() == clock && d.isLate(generatedAt));
    }

    /**
     * Whether the notification is late and the register holds no reasons for the delay.
     *
     * @return {@code true} if the reasons that the clock's legal basis asks for are missing
     */
    public boolean reasonsForDelayMissing() {
        return late() && incident.delayReason().isEmpty();
    }

    /**
     * The items of Regulation (EU) No 611/2013 Annex I that this notification needs and the register
     * does not hold yet; always empty for a GDPR notification.
     *
     * @return e.g. {@code [circumstances, crossBorder, noticeToSubscribers]}
     */
    public List<String> annexIMissing() {
        List<String> missing = new ArrayList<>();
        if (!eprivacy()) {
            return missing;
        }
        if (incident.circumstances().isEmpty()) {
            missing.add("circumstances");
        }
        if (clock == IncidentClock.EPRIVACY_FULL_3D) {
            if (incident.crossBorder().isEmpty()) {
                missing.add("crossBorder");
            }
            if (incident.notice().isEmpty()) {
                missing.add("noticeToSubscribers");
            }
        }
        return List.copyOf(missing);
    }

    /**
     * Whether the count of subjects is exact and fewer notices were sent than it says: some
     * affected customers were not notified (nor reached by a public communication).
     *
     * @return {@code true} if notices are missing by the register's own count
     */
    public boolean subjectNoticesIncomplete() {
        AffectedCount affected = incident.affectedSubjects();
        return !affected.estimated() && subjectNoticesSent < affected.value() && incident.publicCommunication().isEmpty();
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

    /** Where the law asks for the reasons of a late notification under a clock. */
    static String delayBasis(IncidentClock clock) {
        return switch (clock) {
            case ANSPDCP_72H -> "GDPR art. 33(1): the reasons for the delay";
            case EPRIVACY_INITIAL_24H -> "Regulation (EU) No 611/2013 art. 2(2): notification within 24 hours;"
                    + " the reasons for the delay";
            case EPRIVACY_FULL_3D -> "Regulation (EU) No 611/2013 art. 2(3): a justification for the late notification";
            case CUSTOMERS_24H -> "Privacy policy Cap. 7";
        };
    }

    private String local(Instant at) {
        return LOCAL.format(at.atZone(zone));
    }

    private String categoryName(DataCategory category) {
        return categoryNames.getOrDefault(category, category.id());
    }

    private String subjectCategoryName(String id) {
        return subjectCategoryNames.getOrDefault(id, id);
    }

    private List<String> noticeMeans() {
        List<String> means = new ArrayList<>(noticeChannels);
        incident.publicCommunication().ifPresent(c -> means.add("public communication (GDPR art. 34(3)(c))"));
        return means;
    }

    // --- JSON ----------------------------------------------------------------------------------------

    /**
     * The report as JSON: an object with {@code notification} (the clock, the kind and its basis),
     * {@code incident}, {@code controller}, {@code authority}, {@code nature} (art. 33(3)(a):
     * {@code description}, {@code subjectCategories}, {@code categories}, {@code dataSubjects},
     * {@code records}), {@code contact} (art. 33(3)(b)), {@code likelyConsequences} (art. 33(3)(c)),
     * {@code measures} (art. 33(3)(d)), {@code annexI} (for a notification under Regulation (EU)
     * No 611/2013, else null), {@code times} (with {@code discoveryCorrections}), {@code deadlines},
     * {@code delay}, {@code noticesToAuthority} and {@code subjectsNotified}. Instants are ISO-8601
     * in UTC, with the local time in the policy's zone beside them; an unknown count is null.
     *
     * @return the JSON text
     */
    public String toJson() {
        ObjectNode root = JSON.createObjectNode();
        root.put("report", "Notification of a personal data breach to the supervisory authority");
        ObjectNode notification = root.putObject("notification");
        notification.put("clock", clock.name());
        notification.put("kind", kindCode());
        notification.put("description", kind());
        notification.put("basis", basis(clock));
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
            authority.get().phone().ifPresent(v -> a.put("phone", v));
            authority.get().web().ifPresent(v -> a.put("web", v));
        } else {
            root.putNull("authority");
        }

        ObjectNode nature = root.putObject("nature");
        nature.put("article", "GDPR art. 33(3)(a)");
        nature.put("description", incident.nature());
        ArrayNode subjectCategories = nature.putArray("subjectCategories");
        for (String id : incident.subjectCategories()) {
            subjectCategories.addObject().put("id", id).put("name", subjectCategoryName(id));
        }
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

        if (eprivacy()) {
            ObjectNode annex = root.putObject("annexI");
            annex.put("article", ANNEX_I);
            optional(annex, "circumstances", incident.circumstances());
            optional(annex, "otherProviders", incident.otherProviders());
            optional(annex, "crossBorder", incident.crossBorder());
            ObjectNode toSubscribers = annex.putObject("noticeToSubscribers");
            if (incident.notice().isPresent()) {
                BreachNoticeText text = incident.notice().get();
                toSubscribers.putObject("content").put("nature", text.nature()).put("consequences", text.consequences())
                        .put("measures", text.measures()).put("recommendations", text.recommendations());
            } else {
                toSubscribers.putNull("content");
            }
            ArrayNode means = toSubscribers.putArray("means");
            noticeMeans().forEach(means::add);
            if (incident.publicCommunication().isPresent()) {
                toSubscribers.putObject("publicCommunication")
                        .put("at", incident.publicCommunication().get().at().toString())
                        .put("means", incident.publicCommunication().get().means());
            } else {
                toSubscribers.putNull("publicCommunication");
            }
            toSubscribers.put("subscribersNotified", subjectNoticesSent);
            ArrayNode missing = annex.putArray("missing");
            annexIMissing().forEach(missing::add);
        } else {
            root.putNull("annexI");
        }

        ObjectNode times = root.putObject("times");
        times.put("occurredAt", incident.occurredAt().toString());
        times.put("occurredAtLocal", local(incident.occurredAt()));
        times.put("discoveredAt", incident.discoveredAt().toString());
        times.put("discoveredAtLocal", local(incident.discoveredAt()));
        ArrayNode corrections = times.putArray("discoveryCorrections");
        for (DiscoveryCorrection k : discoveryCorrections) {
            corrections.addObject().put("version", k.version()).put("from", k.from().toString())
                    .put("to", k.to().toString()).put("recordedAt", k.recordedAt().toString());
        }

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
        delay.put("clock", clock.name());
        delay.put("article", delayBasis(clock));
        delay.put("late", late());
        optional(delay, "reasons", incident.delayReason());
        delay.put("reasonsMissing", reasonsForDelayMissing());

        ArrayNode sent = root.putArray("noticesToAuthority");
        for (AuthorityNotice notice : notices) {
            sent.addObject().put("clock", notice.clock().name()).put("sentAt", notice.sentAt().toString())
                    .put("reference", notice.reference());
        }
        ObjectNode notified = root.putObject("subjectsNotified");
        notified.put("planned", subjectNoticesPlanned).put("sent", subjectNoticesSent)
                .put("incomplete", subjectNoticesIncomplete());
        if (incident.publicCommunication().isPresent()) {
            notified.put("publicCommunicationAt", incident.publicCommunication().get().at().toString());
        } else {
            notified.putNull("publicCommunicationAt");
        }
        try {
            return JSON.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            // A tree of strings, numbers and booleans always serialises; failing here is a bug.
            throw new IllegalStateException("A JSON tree failed to serialize", e);
        }
    }

    private static void optional(ObjectNode node, String name, Optional<String> value) {
        if (value.isPresent()) {
            node.put(name, value.get());
        } else {
            node.putNull(name);
        }
    }

    private static void count(ObjectNode node, Optional<AffectedCount> count) {
        if (count.isPresent()) {
            node.put("approximateNumber", count.get().value());
            node.put("estimated", count.get().estimated());
            node.put("known", true);
        } else {
            node.putNull("approximateNumber");
            node.putNull("estimated");
            node.put("known", false);
        }
    }

    // --- Markdown ------------------------------------------------------------------------------------

    /**
     * The report as Markdown: which notification it is, one section per item of art. 33(3), Annex I
     * for a notification under Regulation (EU) No 611/2013, then the times, the deadlines, the
     * delay, the notices already sent and the subjects notified. Free texts are escaped so that
     * they render as text, never as Markdown.
     *
     * @return the Markdown text
     */
    public String toMarkdown() {
        StringBuilder md = new StringBuilder();
        md.append("# Personal data breach: ").append(kind()).append("\n\n");
        md.append("- **Notification:** ").append(kind()).append("; ").append(basis(clock)).append('\n');
        md.append("- **Incident:** ").append(incident.incidentId()).append(", version ").append(incident.version())
                .append(" of the register entry (status ").append(incident.status()).append(")\n");
        md.append("- **Generated:** ").append(local(generatedAt)).append(" (").append(generatedAt).append(")\n");
        authority.ifPresent(a -> md.append("- **To:** ").append(esc(a.name()))
                .append(a.web().map(w -> " (" + esc(w) + ")").orElse("")).append('\n'));
        md.append('\n');
        if (late()) {
            md.append("> **This notification is late** (").append(esc(delayBasis(clock))).append("). ");
            md.append(incident.delayReason().map(r -> "Reasons for the delay: " + esc(r))
                    .orElse("**The reasons for the delay are missing:** the law requires them.")).append("\n\n");
        }

        md.append("## Controller\n\n");
        md.append("- **Name:** ").append(esc(controller.name())).append('\n');
        md.append("- **Address:** ").append(esc(controller.address())).append('\n');
        controller.fiscalCode().ifPresent(v -> md.append("- **Fiscal code:** ").append(esc(v)).append('\n'));
        md.append("- **E-mail:** ").append(esc(controller.email())).append('\n');
        controller.phone().ifPresent(v -> md.append("- **Phone:** ").append(esc(v)).append('\n'));

        md.append("\n## (a) Nature of the breach (art. 33(3)(a))\n\n");
        md.append("- **Description:** ").append(esc(incident.nature())).append('\n');
        md.append("- **Categories of data subjects concerned:** ");
        md.append(String.join(", ", incident.subjectCategories().stream()
                .map(id -> esc(subjectCategoryName(id)) + " (" + id + ")").toList())).append('\n');
        md.append("- **Approximate number of data subjects concerned:** ")
                .append(count(Optional.of(incident.affectedSubjects()))).append('\n');
        md.append("- **Categories of personal data concerned:** ");
        md.append(String.join(", ", incident.categories().stream()
                .map(c -> esc(categoryName(c)) + " (" + c.id() + ")").toList())).append('\n');
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

        if (eprivacy()) {
            md.append("\n## ").append(ANNEX_I).append("\n\n");
            md.append("- **Circumstances:** ").append(text(incident.circumstances())).append('\n');
            md.append("- **Relevant use of other providers:** ").append(incident.otherProviders().map(AuthorityReport::esc)
                    .orElse("none recorded")).append('\n');
            md.append("- **Cross-border matters:** ").append(text(incident.crossBorder())).append('\n');
            md.append("- **Means of the notice to the subscribers:** ").append(noticeMeans().isEmpty() ? "none"
                    : esc(String.join(", ", noticeMeans()))).append('\n');
            incident.publicCommunication().ifPresent(p -> md.append("- **Public communication:** ").append(local(p.at()))
                    .append(", ").append(esc(p.means())).append('\n'));
            md.append("- **Subscribers notified:** ").append(subjectNoticesSent).append('\n');
            if (incident.notice().isPresent()) {
                BreachNoticeText text = incident.notice().get();
                md.append("- **Content of the notice to the subscribers:**\n");
                md.append("  - **Nature:** ").append(esc(text.nature())).append('\n');
                md.append("  - **Likely consequences:** ").append(esc(text.consequences())).append('\n');
                md.append("  - **Measures:** ").append(esc(text.measures())).append('\n');
                md.append("  - **Recommendations:** ").append(esc(text.recommendations())).append('\n');
            } else {
                md.append("- **Content of the notice to the subscribers:** **missing**\n");
            }
            if (!annexIMissing().isEmpty()) {
                md.append("\n> **Missing for this notification:** ").append(String.join(", ", annexIMissing()))
                        .append("\n");
            }
        }

        md.append("\n## Times\n\n");
        md.append("- **Occurred:** ").append(local(incident.occurredAt())).append(" (").append(incident.occurredAt())
                .append(")\n");
        md.append("- **Discovered:** ").append(local(incident.discoveredAt())).append(" (")
                .append(incident.discoveredAt()).append(")\n");
        for (DiscoveryCorrection k : discoveryCorrections) {
            md.append("- **Discovery corrected** in version ").append(k.version()).append(" (recorded ")
                    .append(local(k.recordedAt())).append("): from ").append(local(k.from())).append(" to ")
                    .append(local(k.to())).append('\n');
        }

        md.append("\n## Deadlines\n\n");
        md.append("| Clock | Basis | Due | Met | Late |\n|---|---|---|---|---|\n");
        for (Deadline d : deadlines) {
            md.append("| ").append(d.clock()).append(d.clock() == clock ? " (this notification)" : "").append(" | ")
                    .append(esc(basis(d.clock()))).append(" | ").append(local(d.due())).append(" | ")
                    .append(d.satisfiedAt().map(this::local).orElse("not yet")).append(" | ")
                    .append(d.isLate(generatedAt) ? "**yes**" : "no").append(" |\n");
        }

        md.append("\n## Delay (").append(esc(delayBasis(clock))).append(")\n\n");
        if (!late()) {
            md.append("This notification is within its deadline.");
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
        incident.publicCommunication().ifPresent(p -> md.append("- **Public communication (art. 34(3)(c)):** ")
                .append(local(p.at())).append('\n'));
        if (subjectNoticesIncomplete()) {
            md.append("\n> **Notices are missing:** ").append(incident.affectedSubjects().value())
                    .append(" data subjects are affected and ").append(subjectNoticesSent)
                    .append(" were notified.\n");
        }
        return md.toString();
    }

    private static String text(Optional<String> value) {
        return value.map(AuthorityReport::esc).orElse("**missing**");
    }

    private static String count(Optional<AffectedCount> count) {
        return count.map(c -> c.estimated() ? "about " + c.value() + " (estimate)" : Long.toString(c.value()))
                .orElse("not yet known");
    }

    /**
     * Escapes what Markdown would read as markup inside a line, so that a free text renders as the
     * text it is: inline markup, HTML, entities ({@code &amp;} stays as typed), and the starts of
     * the autolinks GitHub-flavoured Markdown finds in bare text ({@code www.}, {@code ://}).
     * Every text is placed after a label, never at the start of a line, so the markers that count
     * only there ({@code -}, {@code 1.}) need no escape.
     */
    static String esc(String text) {
        StringBuilder out = new StringBuilder(text.length() + 8);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean autolink = (c == ':' && text.startsWith("//", i + 1))
                    || (c == '.' && i >= 3 && text.regionMatches(true, i - 3, "www", 0, 3));
            if ("\\`*_[]<>#|~&".indexOf(c) >= 0 || autolink) {
                out.append('\\');
            }
            out.append(c == '\n' || c == '\r' ? ' ' : c);
        }
        return out.toString();
    }

    /**
     * The incident, the version, the clock and whether the notice is late; no free text, no contact.
     *
     * @return e.g. {@code AuthorityReport[i-3fa9..., v2, ANSPDCP_72H, late]}
     */
    @Override
    public String toString() {
        return "AuthorityReport[" + incident.incidentId() + ", v" + incident.version() + ", " + clock + ", "
                + (late() ? "late" : "in time") + "]";
    }
}
