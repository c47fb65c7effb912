package ro.clickphone.privacy.jpa.internal.incident;

import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import ro.clickphone.privacy.jpa.internal.JpaContext;
import ro.clickphone.privacy.jpa.internal.rights.Codec;
import ro.clickphone.privacy.jpa.internal.outbox.ConditionalInsert;
import ro.clickphone.privacy.spi.DataCategory;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.SubjectId;
import ro.clickphone.privacy.spi.incident.AffectedCount;
import ro.clickphone.privacy.spi.incident.AuthorityNotice;
import ro.clickphone.privacy.spi.incident.BreachNoticeText;
import ro.clickphone.privacy.spi.incident.CooperationEntry;
import ro.clickphone.privacy.spi.incident.CooperationKind;
import ro.clickphone.privacy.spi.incident.IncidentClock;
import ro.clickphone.privacy.spi.incident.IncidentContact;
import ro.clickphone.privacy.spi.incident.IncidentStatus;
import ro.clickphone.privacy.spi.incident.IncidentStore;
import ro.clickphone.privacy.spi.incident.IncidentVersion;
import ro.clickphone.privacy.spi.incident.NoticeSummary;
import ro.clickphone.privacy.spi.incident.PublicCommunication;
import ro.clickphone.privacy.spi.incident.SubjectNotice;

/**
 * An {@link IncidentStore} over JPA. Each incident has a head row ({@code cpp_incident}: latest version, log
 * lengths) that every write locks first ({@code SELECT … FOR UPDATE}, a plain row lock), so that the next
 * version, the next log position and a plan's notices are decided one writer at a time, on any number of
 * factories; version 1 is the insert of the head row, whose primary key lets one of two racing writers win: a
 * plain {@code INSERT} behind a savepoint ({@code ConditionalInsert}), so that the loser answers false and its
 * caller's transaction, when it joined one, lives on.
 * Versions, authority notices and cooperation entries are inserted once and never updated; a subject notice is
 * updated once, by a conditional {@code UPDATE … WHERE message_id IS NULL}. {@link #noticeSummary} counts in
 * SQL ({@code count}, {@code min}, {@code max}); it reads no notice.
 *
 * <p><b>Counters are checked, not trusted.</b> Every read compares the head row's counters with the rows they
 * count, in one statement (one snapshot): the versions, authority notices, cooperation entries and subject
 * notices of an incident must be numbered 1..counter without a gap, and a sent notice must have both its message
 * id and its time, not before its planning. A database writer who lowers or raises a counter, deletes a row or
 * marks a notice sent is reported as an edited row ({@link InvalidInputException}), on read and on the next
 * append, instead of a silently older answer or a failed insert.
 *
 * <p>Subjects are stored as the kit gives them (keyed audit pseudonyms). Rows are read back through the SPI
 * constructors, so an edited row surfaces as an {@link InvalidInputException}.
 */
public final class JpaIncidentStore implements IncidentStore {

    /** How many subjects one {@code IN (…)} names, and how many notices are flushed at once. */
    private static final int CHUNK = 500;
    private static final ExactInstant NANOS = new ExactInstant();

    private final JpaContext jpa;

    /**
     * A store in a context.
     *
     * @param jpa the context
     */
    public JpaIncidentStore(JpaContext jpa) {
        this.jpa = notNull(jpa, "jpa");
    }

    // --- versions ------------------------------------------------------------------------------------------

    @Override
    public boolean append(IncidentVersion version) {
        notNull(version, "version");
        String id = version.incidentId();
        if (version.version() == 1) {
            return jpa.inTransaction("append an incident's first version", em -> {
                if (headExists(em, id)) {
                    return false;
                }
                // a head row another transaction inserted makes this insert wait for it; when that one commits,
                // the duplicate is rolled back to a savepoint, and the caller's transaction lives on
                if (!ConditionalInsert.insert(em, "INSERT INTO cpp_incident (incident_id, latest_version,"
                        + " authority_notices, cooperation_entries, subject_notices) VALUES (?, 1, 0, 0, 0)",
                        ConditionalInsert.Param.text(id))) {
                    return false;
                }
                IncidentVersionRow row = write(version);
                em.persist(row);
                em.flush();
                em.detach(row);
                return true;
            });
        }
        return jpa.inTransaction("append an incident version", em -> {
            IncidentRow head = em.find(IncidentRow.class, id, LockModeType.PESSIMISTIC_WRITE);
            if (head == null) {
                return false;
            }
            boolean next = head.latestVersion == version.version() - 1;
            if (next) {
                noneBeyond(em, "IncidentVersionRow", "version", id, head.latestVersion, "cpp_incident.latest_version");
                head.latestVersion = version.version();
                IncidentVersionRow row = write(version);
                em.persist(row);
                em.flush();
                em.detach(row);
            }
            em.detach(head);
            return next;
        });
    }

    @Override
    public Optional<IncidentVersion> latest(String incidentId) {
        notNull(incidentId, "incidentId");
        return jpa.inTransaction("read an incident", em -> {
            List<Object[]> runs = versionRuns(em, Optional.of(incidentId), Optional.empty(), 1);
            if (runs.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(latestOf(em, runs).get(0));
        });
    }

    @Override
    public List<IncidentVersion> history(String incidentId) {
        notNull(incidentId, "incidentId");
        return jpa.inTransaction("read an incident's history", em -> {
            List<IncidentVersionRow> rows = em.createQuery(
                    "select v from IncidentVersionRow v where v.incidentId = :id order by v.version",
                    IncidentVersionRow.class).setParameter("id", incidentId).getResultList();
            checkPrefix(rows.stream().map(r -> r.version).toList(),
                    counted(em, "IncidentVersionRow", "version", "latestVersion", incidentId),
                    "cpp_incident.latest_version");
            return readAll(em, rows, JpaIncidentStore::read);
        });
    }

    @Override
    public List<IncidentVersion> latestVersions(Optional<String> afterIncidentId, int limit) {
        notNull(afterIncidentId, "afterIncidentId");
        if (limit < 1 || limit > MAX_BATCH) {
            throw new InvalidInputException("limit", "must be between 1 and " + MAX_BATCH);
        }
        return jpa.inTransaction("list incidents", em -> {
            List<Object[]> runs = versionRuns(em, Optional.empty(), afterIncidentId, limit);
            return runs.isEmpty() ? List.<IncidentVersion>of() : latestOf(em, runs);
        });
    }

    // --- append-only logs ----------------------------------------------------------------------------------

    @Override
    public boolean appendAuthorityNotice(AuthorityNotice notice) {
        notNull(notice, "notice");
        return jpa.inTransaction("append an authority notice", em -> {
            IncidentRow head = em.find(IncidentRow.class, notice.incidentId(), LockModeType.PESSIMISTIC_WRITE);
            if (head == null) {
                return false;
            }
            noneBeyond(em, "AuthorityNoticeRow", "position", notice.incidentId(), head.authorityNotices,
                    "cpp_incident.authority_notices");
            head.authorityNotices++;
            AuthorityNoticeRow row = AuthorityNoticeRow.empty();
            row.incidentId = notice.incidentId();
            row.position = head.authorityNotices;
            row.clock = notice.clock().name();
            row.sentAt = notice.sentAt();
            row.reference = notice.reference();
            row.recordedAt = notice.recordedAt();
            row.recordedBy = notice.recordedBy();
            em.persist(row);
            em.flush();
            em.detach(row);
            em.detach(head);
            return true;
        });
    }

    @Override
    public List<AuthorityNotice> authorityNotices(String incidentId) {
        notNull(incidentId, "incidentId");
        return jpa.inTransaction("read authority notices", em -> readAll(em, checkPrefix(em.createQuery(
                "select n from AuthorityNoticeRow n where n.incidentId = :id order by n.position",
                AuthorityNoticeRow.class).setParameter("id", incidentId).getResultList(), r -> r.position,
                counted(em, "AuthorityNoticeRow", "position", "authorityNotices", incidentId),
                "cpp_incident.authority_notices"),
                row -> new AuthorityNotice(row.incidentId,
                        Codec.decode("cpp_incident_authority_notice.clock", () -> IncidentClock.valueOf(row.clock)),
                        row.sentAt, row.reference, row.recordedAt, row.recordedBy)));
    }

    @Override
    public boolean appendCooperation(CooperationEntry entry) {
        notNull(entry, "entry");
        return jpa.inTransaction("append a cooperation entry", em -> {
            IncidentRow head = em.find(IncidentRow.class, entry.incidentId(), LockModeType.PESSIMISTIC_WRITE);
            if (head == null) {
                return false;
            }
            noneBeyond(em, "CooperationRow", "position", entry.incidentId(), head.cooperationEntries,
                    "cpp_incident.cooperation_entries");
            head.cooperationEntries++;
            CooperationRow row = CooperationRow.empty();
            row.incidentId = entry.incidentId();
            row.position = head.cooperationEntries;
            row.kind = entry.kind().name();
            row.happenedAt = entry.at();
            row.body = entry.text();
            row.recordedAt = entry.recordedAt();
            row.recordedBy = entry.recordedBy();
            em.persist(row);
            em.flush();
            em.detach(row);
            em.detach(head);
            return true;
        });
    }

    @Override
    public List<CooperationEntry> cooperationLog(String incidentId) {
        notNull(incidentId, "incidentId");
        return jpa.inTransaction("read the cooperation log", em -> readAll(em, checkPrefix(em.createQuery(
                "select c from CooperationRow c where c.incidentId = :id order by c.position", CooperationRow.class)
                .setParameter("id", incidentId).getResultList(), r -> r.position,
                counted(em, "CooperationRow", "position", "cooperationEntries", incidentId),
                "cpp_incident.cooperation_entries"),
                row -> new CooperationEntry(row.incidentId,
                        Codec.decode("cpp_incident_cooperation.kind", () -> CooperationKind.valueOf(row.kind)),
                        row.happenedAt, row.body, row.recordedAt, row.recordedBy)));
    }

    // --- notices to subjects -------------------------------------------------------------------------------

    @Override
    public int planSubjectNotices(String incidentId, Set<SubjectId> subjects, Instant at) {
        notNull(incidentId, "incidentId");
        notNull(subjects, "subjects");
        notNull(at, "at");
        List<SubjectNotice> planned = new ArrayList<>(subjects.size());
        for (SubjectId subject : subjects) {
            planned.add(SubjectNotice.planned(incidentId, notNull(subject, "subjects"), at));
        }
        planned.sort(Comparator.comparing(n -> n.subject().value()));
        return jpa.inTransaction("plan breach notices", em -> {
            IncidentRow head = em.find(IncidentRow.class, incidentId, LockModeType.PESSIMISTIC_WRITE);
            if (head == null) {
                return 0;
            }
            noneBeyond(em, "SubjectNoticeRow", "position", incidentId, head.subjectNotices,
                    "cpp_incident.subject_notices");
            Set<String> existing = new HashSet<>();
            for (int from = 0; from < planned.size(); from += CHUNK) {
                List<String> chunk = planned.subList(from, Math.min(planned.size(), from + CHUNK)).stream()
                        .map(n -> n.subject().value()).toList();
                existing.addAll(em.createQuery("select n.subject from SubjectNoticeRow n"
                        + " where n.incidentId = :id and n.subject in :subjects", String.class)
                        .setParameter("id", incidentId).setParameter("subjects", chunk).getResultList());
            }
            int added = 0;
            List<SubjectNoticeRow> batch = new ArrayList<>(CHUNK);
            for (SubjectNotice notice : planned) {
                if (existing.contains(notice.subject().value())) {
                    continue;
                }
                head.subjectNotices++;
                SubjectNoticeRow row = SubjectNoticeRow.empty();
                row.incidentId = incidentId;
                row.subject = notice.subject().value();
                row.position = head.subjectNotices;
                row.plannedAt = notice.plannedAt();
                em.persist(row);
                batch.add(row);
                added++;
                if (batch.size() == CHUNK) {
                    flushAndDetach(em, batch);
                }
            }
            flushAndDetach(em, batch);
            em.detach(head);
            return added;
        });
    }

    @Override
    public boolean markNoticeSent(String incidentId, SubjectId subject, String messageId, Instant at) {
        notNull(incidentId, "incidentId");
        notNull(subject, "subject");
        notNull(messageId, "messageId");
        notNull(at, "at");
        // the arguments' own rules first, whether or not a notice is planned
        SubjectNotice.planned(incidentId, subject, at).sent(messageId, at);
        return jpa.inTransaction("mark a breach notice sent", em -> {
            SubjectNoticeRow row = em.find(SubjectNoticeRow.class, new Keys.Subject(incidentId, subject.value()));
            if (row == null) {
                return false;
            }
            em.detach(row);
            if (row.messageId != null) {
                return false;
            }
            read(row).sent(messageId, at); // not before the planning
            int marked = em.createQuery("update SubjectNoticeRow n set n.messageId = :message, n.sentAt = :at"
                    + " where n.incidentId = :id and n.subject = :subject and n.messageId is null")
                    .setParameter("message", messageId).setParameter("at", at).setParameter("id", incidentId)
                    .setParameter("subject", subject.value()).executeUpdate();
            return marked == 1;
        });
    }

    @Override
    public Optional<SubjectNotice> subjectNotice(String incidentId, SubjectId subject) {
        notNull(incidentId, "incidentId");
        notNull(subject, "subject");
        return jpa.inTransaction("read a breach notice", em -> {
            SubjectNoticeRow row = em.find(SubjectNoticeRow.class, new Keys.Subject(incidentId, subject.value()));
            if (row == null) {
                return Optional.empty();
            }
            em.detach(row);
            return Optional.of(read(row));
        });
    }

    @Override
    public NoticeSummary noticeSummary(String incidentId) {
        notNull(incidentId, "incidentId");
        return jpa.inTransaction("count breach notices", em -> {
            // one statement, so one snapshot: the head's count and the notices' aggregates agree unless edited;
            // a sent notice has both its message id and its time, and was not sent before it was planned
            List<Object[]> found = em.createQuery("select h.subjectNotices, count(n.subject), min(n.position),"
                    + " max(n.position), count(n.sentAt), min(n.sentAt), max(n.sentAt),"
                    + " sum(case when n.messageId is null and n.sentAt is not null then 1"
                    + " when n.messageId is not null and n.sentAt is null then 1"
                    + " when n.sentAt < n.plannedAt then 1 else 0 end)"
                    + " from IncidentRow h left join SubjectNoticeRow n on n.incidentId = h.incidentId"
                    + " where h.incidentId = :id group by h.incidentId, h.subjectNotices", Object[].class)
                    .setParameter("id", incidentId).getResultList();
            if (found.isEmpty()) {
                return NoticeSummary.NONE;
            }
            Object[] counts = found.get(0);
            long planned = checkRun(counts[0], counts[1], counts[2], counts[3], "cpp_incident.subject_notices");
            if (counts[7] != null && ((Number) counts[7]).longValue() != 0) {
                throw Codec.malformed("cpp_incident_subject_notice.sent_at");
            }
            if (planned == 0) {
                return NoticeSummary.NONE;
            }
            return new NoticeSummary(planned, ((Number) counts[4]).longValue(),
                    Optional.ofNullable(instant(counts[5])), Optional.ofNullable(instant(counts[6])));
        });
    }

    @Override
    public List<SubjectNotice> subjectNotices(String incidentId) {
        notNull(incidentId, "incidentId");
        return jpa.inTransaction("read breach notices", em -> readAll(em, checkPrefix(em.createQuery(
                "select n from SubjectNoticeRow n where n.incidentId = :id order by n.position", SubjectNoticeRow.class)
                .setParameter("id", incidentId).getResultList(), r -> r.position,
                counted(em, "SubjectNoticeRow", "position", "subjectNotices", incidentId),
                "cpp_incident.subject_notices"), JpaIncidentStore::read));
    }

    // --- the head row's counters against the rows they count --------------------------------------------------

    /**
     * An incident's counter (from its head row) and the count, least and greatest number of the rows it counts,
     * read in one statement (one snapshot, on every database and isolation level), checked to run 1..counter
     * without a gap. A database writer who lowered or raised a counter, or deleted a row, is reported as an
     * edited row.
     *
     * @return the counter, or -1 when the incident has no head row
     */
    private static long counted(EntityManager em, String entity, String number, String counter, String id) {
        List<Object[]> found = em.createQuery("select h." + counter + ", count(r." + number + "), min(r." + number
                + "), max(r." + number + ") from IncidentRow h left join " + entity
                + " r on r.incidentId = h.incidentId where h.incidentId = :id group by h.incidentId, h." + counter,
                Object[].class).setParameter("id", id).getResultList();
        if (found.isEmpty()) {
            return -1;
        }
        Object[] f = found.get(0);
        return checkRun(f[0], f[1], f[2], f[3], "cpp_incident." + column(counter));
    }

    private static String column(String counter) {
        return switch (counter) {
            case "latestVersion" -> "latest_version";
            case "authorityNotices" -> "authority_notices";
            case "cooperationEntries" -> "cooperation_entries";
            default -> "subject_notices";
        };
    }

    /** Numbers unique per incident (a key) that count as many as the counter says and span 1..counter. */
    private static long checkRun(Object counter, Object count, Object min, Object max, String column) {
        long expected = ((Number) counter).longValue();
        long n = ((Number) count).longValue();
        long low = min == null ? 0 : ((Number) min).longValue();
        long high = max == null ? 0 : ((Number) max).longValue();
        if (n != expected || high != expected || (n > 0 && low != 1)) {
            throw Codec.malformed(column);
        }
        return expected;
    }

    /**
     * Rows read before their counter (a statement before {@link #counted}): numbered 1, 2, … without a gap, and
     * no more than the counter counted a moment later (a concurrent append adds rows; none is ever removed).
     */
    private static <R> List<R> checkPrefix(List<R> rows, Function<R, Integer> number, long counted, String column) {
        checkPrefix(rows.stream().map(number).toList(), counted, column);
        return rows;
    }

    private static void checkPrefix(List<Integer> numbers, long counted, String column) {
        if (counted < 0 && numbers.isEmpty()) {
            return;
        }
        for (int i = 0; i < numbers.size(); i++) {
            if (numbers.get(i) != i + 1) {
                throw Codec.malformed(column);
            }
        }
        if (numbers.size() > counted) {
            throw Codec.malformed(column);
        }
    }

    /**
     * Under the head row's lock, before a write takes the counter's next number: no row already holds a number
     * beyond the counter (a lowered counter), which would make the insert fail on its key.
     */
    private static void noneBeyond(EntityManager em, String entity, String number, String id, long counter,
            String column) {
        long beyond = em.createQuery("select count(r) from " + entity + " r where r.incidentId = :id and r." + number
                + " > :counter", Long.class).setParameter("id", id).setParameter("counter", (int) counter)
                .getSingleResult();
        if (beyond > 0) {
            throw Codec.malformed(column);
        }
    }

    /**
     * A page of incidents' head rows with their versions' count, least and greatest number, in one statement:
     * {@code [incidentId, latestVersion, count, min, max]}, by incident id.
     */
    private static List<Object[]> versionRuns(EntityManager em, Optional<String> only, Optional<String> after,
            int limit) {
        var query = em.createQuery("select h.incidentId, h.latestVersion, count(v.version), min(v.version),"
                + " max(v.version) from IncidentRow h left join IncidentVersionRow v on v.incidentId = h.incidentId"
                + " where 1 = 1" + (only.isPresent() ? " and h.incidentId = :only" : "")
                + (after.isPresent() ? " and h.incidentId > :after" : "")
                + " group by h.incidentId, h.latestVersion order by h.incidentId", Object[].class)
                .setMaxResults(limit);
        only.ifPresent(o -> query.setParameter("only", o));
        after.ifPresent(a -> query.setParameter("after", a));
        List<Object[]> runs = query.getResultList();
        for (Object[] run : runs) {
            checkRun(run[1], run[2], run[3], run[4], "cpp_incident.latest_version");
        }
        return runs;
    }

    /**
     * The latest versions of checked runs: each incident's version numbered as its head said, or a later one
     * appended since (versions are only added).
     */
    private static List<IncidentVersion> latestOf(EntityManager em, List<Object[]> runs) {
        List<String> ids = runs.stream().map(r -> (String) r[0]).toList();
        List<IncidentVersionRow> rows = new ArrayList<>();
        for (int from = 0; from < ids.size(); from += CHUNK) {
            rows.addAll(em.createQuery("select v from IncidentVersionRow v, IncidentRow h"
                    + " where v.incidentId = h.incidentId and v.version = h.latestVersion and h.incidentId in :ids"
                    + " order by h.incidentId", IncidentVersionRow.class)
                    .setParameter("ids", ids.subList(from, Math.min(ids.size(), from + CHUNK))).getResultList());
        }
        if (rows.size() != runs.size()) {
            throw Codec.malformed("cpp_incident.latest_version");
        }
        for (int i = 0; i < rows.size(); i++) {
            if (!rows.get(i).incidentId.equals(ids.get(i))
                    || rows.get(i).version < ((Number) runs.get(i)[1]).longValue()) {
                throw Codec.malformed("cpp_incident.latest_version");
            }
        }
        return readAll(em, rows, JpaIncidentStore::read);
    }

    // --- mapping -------------------------------------------------------------------------------------------

    /** An aggregate of a converted column: the provider may or may not apply the converter to it. */
    private static Instant instant(Object value) {
        if (value == null || value instanceof Instant) {
            return (Instant) value;
        }
        if (value instanceof BigDecimal decimal) {
            return NANOS.convertToEntityAttribute(decimal);
        }
        if (value instanceof Number number) {
            return NANOS.convertToEntityAttribute(new BigDecimal(number.toString()));
        }
        throw Codec.malformed("cpp_incident_subject_notice.sent_at");
    }

    private static boolean headExists(EntityManager em, String id) {
        return em.createQuery("select count(h) from IncidentRow h where h.incidentId = :id", Long.class)
                .setParameter("id", id).getSingleResult() > 0;
    }

    private static void flushAndDetach(EntityManager em, List<?> rows) {
        em.flush();
        for (Object row : rows) {
            em.detach(row);
        }
        rows.clear();
    }

    /** Our rows never stay managed in a caller's entity manager, so a later read goes to the database. */
    private static <R, T> List<T> readAll(EntityManager em, List<R> rows, Function<R, T> read) {
        List<T> out = new ArrayList<>(rows.size());
        for (R row : rows) {
            em.detach(row);
            out.add(read.apply(row));
        }
        return List.copyOf(out);
    }

    private static SubjectNotice read(SubjectNoticeRow row) {
        return new SubjectNotice(row.incidentId, SubjectId.of(row.subject), row.plannedAt,
                Optional.ofNullable(row.messageId), Optional.ofNullable(row.sentAt));
    }

    private static IncidentVersionRow write(IncidentVersion v) {
        IncidentVersionRow row = IncidentVersionRow.empty();
        row.incidentId = v.incidentId();
        row.version = v.version();
        row.nature = v.nature();
        row.occurredAt = v.occurredAt();
        row.discoveredAt = v.discoveredAt();
        row.affectedSubjects = v.affectedSubjects().value();
        row.affectedSubjectsEstimated = v.affectedSubjects().estimated() ? 1 : 0;
        row.affectedRecords = v.affectedRecords().map(AffectedCount::value).orElse(null);
        row.affectedRecordsEstimated = v.affectedRecords().map(c -> c.estimated() ? 1 : 0).orElse(null);
        row.subjectCategories = Codec.join(v.subjectCategories());
        row.categories = Codec.joinEach(v.categories(), DataCategory::id);
        row.likelyConsequences = v.likelyConsequences();
        row.measures = v.measures();
        row.contactName = v.contact().name();
        row.contactEmail = v.contact().email().orElse(null);
        row.contactPhone = v.contact().phone().orElse(null);
        row.status = v.status().name();
        row.clocks = Codec.joinEach(v.clocks(), Enum::name);
        row.delayReason = v.delayReason().orElse(null);
        row.noticeNature = v.notice().map(BreachNoticeText::nature).orElse(null);
        row.noticeConsequences = v.notice().map(BreachNoticeText::consequences).orElse(null);
        row.noticeMeasures = v.notice().map(BreachNoticeText::measures).orElse(null);
        row.noticeRecommendations = v.notice().map(BreachNoticeText::recommendations).orElse(null);
        row.circumstances = v.circumstances().orElse(null);
        row.otherProviders = v.otherProviders().orElse(null);
        row.crossBorder = v.crossBorder().orElse(null);
        row.publicCommunicationAt = v.publicCommunication().map(PublicCommunication::at).orElse(null);
        row.publicCommunicationMeans = v.publicCommunication().map(PublicCommunication::means).orElse(null);
        row.recordedAt = v.recordedAt();
        row.recordedBy = v.recordedBy();
        return row;
    }

    private static IncidentVersion read(IncidentVersionRow row) {
        String table = "cpp_incident_version.";
        Optional<BreachNoticeText> notice;
        if (row.noticeNature == null && row.noticeConsequences == null && row.noticeMeasures == null
                && row.noticeRecommendations == null) {
            notice = Optional.empty();
        } else {
            notice = Optional.of(new BreachNoticeText(row.noticeNature, row.noticeConsequences, row.noticeMeasures,
                    row.noticeRecommendations));
        }
        Optional<PublicCommunication> communication;
        if (row.publicCommunicationAt == null && row.publicCommunicationMeans == null) {
            communication = Optional.empty();
        } else {
            communication = Optional.of(new PublicCommunication(row.publicCommunicationAt,
                    row.publicCommunicationMeans));
        }
        if ((row.affectedRecords == null) != (row.affectedRecordsEstimated == null)) {
            throw Codec.malformed(table + "affected_records");
        }
        Optional<AffectedCount> records = row.affectedRecords == null ? Optional.empty()
                : Optional.of(new AffectedCount(row.affectedRecords, flag(row.affectedRecordsEstimated,
                        table + "affected_records_estimated")));
        return new IncidentVersion(row.incidentId, row.version, row.nature, row.occurredAt, row.discoveredAt,
                new AffectedCount(row.affectedSubjects, flag(row.affectedSubjectsEstimated,
                        table + "affected_subjects_estimated")),
                records,
                new TreeSet<>(Codec.split(row.subjectCategories, table + "subject_categories")),
                Codec.decode(table + "categories", () -> {
                    Set<DataCategory> set = new HashSet<>();
                    for (String id : Codec.split(row.categories, table + "categories")) {
                        set.add(DataCategory.of(id));
                    }
                    return set;
                }),
                row.likelyConsequences, row.measures,
                new IncidentContact(row.contactName, Optional.ofNullable(row.contactEmail),
                        Optional.ofNullable(row.contactPhone)),
                Codec.decode(table + "status", () -> IncidentStatus.valueOf(row.status)),
                Codec.decode(table + "clocks", () -> {
                    Set<IncidentClock> set = EnumSet.noneOf(IncidentClock.class);
                    for (String name : Codec.split(row.clocks, table + "clocks")) {
                        set.add(IncidentClock.valueOf(name));
                    }
                    return set;
                }),
                Optional.ofNullable(row.delayReason), notice, Optional.ofNullable(row.circumstances),
                Optional.ofNullable(row.otherProviders), Optional.ofNullable(row.crossBorder), communication,
                row.recordedAt, row.recordedBy);
    }

    private static boolean flag(int value, String column) {
        if (value != 0 && value != 1) {
            throw Codec.malformed(column);
        }
        return value == 1;
    }

    private static <T> T notNull(T value, String name) {
        if (value == null) {
            throw new InvalidInputException(name, "must not be null");
        }
        return value;
    }

    @Override
    public String toString() {
        return "JpaIncidentStore[" + jpa + "]";
    }
}
