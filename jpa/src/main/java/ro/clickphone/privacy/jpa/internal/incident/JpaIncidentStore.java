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
import ro.clickphone.privacy.jpa.internal.rights.InsertOnce;
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
 * factories; version 1 is the insert of the head row, whose primary key lets one of two racing writers win.
 * Versions, authority notices and cooperation entries are inserted once and never updated; a subject notice is
 * updated once, by a conditional {@code UPDATE … WHERE message_id IS NULL}. {@link #noticeSummary} counts in
 * SQL ({@code count}, {@code min}, {@code max}); it reads no notice.
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
            return InsertOnce.run(jpa, "append an incident's first version", em -> {
                if (headExists(em, id)) {
                    return false;
                }
                IncidentRow head = new IncidentRow(id);
                head.latestVersion = 1;
                em.persist(head);
                em.flush();
                IncidentVersionRow row = write(version);
                em.persist(row);
                em.flush();
                em.detach(row);
                em.detach(head);
                return true;
            }, em -> headExists(em, id));
        }
        return jpa.inTransaction("append an incident version", em -> {
            IncidentRow head = em.find(IncidentRow.class, id, LockModeType.PESSIMISTIC_WRITE);
            if (head == null) {
                return false;
            }
            boolean next = head.latestVersion == version.version() - 1;
            if (next) {
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
        return jpa.inTransaction("read an incident", em -> readAll(em, em.createQuery(
                "select v from IncidentVersionRow v, IncidentRow h where h.incidentId = :id"
                        + " and v.incidentId = h.incidentId and v.version = h.latestVersion", IncidentVersionRow.class)
                .setParameter("id", incidentId).getResultList(), JpaIncidentStore::read).stream().findFirst());
    }

    @Override
    public List<IncidentVersion> history(String incidentId) {
        notNull(incidentId, "incidentId");
        return jpa.inTransaction("read an incident's history", em -> readAll(em, em.createQuery(
                "select v from IncidentVersionRow v where v.incidentId = :id order by v.version",
                IncidentVersionRow.class).setParameter("id", incidentId).getResultList(), JpaIncidentStore::read));
    }

    @Override
    public List<IncidentVersion> latestVersions(Optional<String> afterIncidentId, int limit) {
        notNull(afterIncidentId, "afterIncidentId");
        if (limit < 1 || limit > MAX_BATCH) {
            throw new InvalidInputException("limit", "must be between 1 and " + MAX_BATCH);
        }
        return jpa.inTransaction("list incidents", em -> {
            var query = em.createQuery("select v from IncidentVersionRow v, IncidentRow h"
                    + " where v.incidentId = h.incidentId and v.version = h.latestVersion"
                    + (afterIncidentId.isPresent() ? " and h.incidentId > :after" : "")
                    + " order by h.incidentId", IncidentVersionRow.class).setMaxResults(limit);
            afterIncidentId.ifPresent(a -> query.setParameter("after", a));
            return readAll(em, query.getResultList(), JpaIncidentStore::read);
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
        return jpa.inTransaction("read authority notices", em -> readAll(em, em.createQuery(
                "select n from AuthorityNoticeRow n where n.incidentId = :id order by n.position",
                AuthorityNoticeRow.class).setParameter("id", incidentId).getResultList(),
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
        return jpa.inTransaction("read the cooperation log", em -> readAll(em, em.createQuery(
                "select c from CooperationRow c where c.incidentId = :id order by c.position", CooperationRow.class)
                .setParameter("id", incidentId).getResultList(),
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
            Object[] counts = em.createQuery("select count(n), count(n.sentAt), min(n.sentAt), max(n.sentAt)"
                    + " from SubjectNoticeRow n where n.incidentId = :id", Object[].class)
                    .setParameter("id", incidentId).getSingleResult();
            long planned = ((Number) counts[0]).longValue();
            if (planned == 0) {
                return NoticeSummary.NONE;
            }
            return new NoticeSummary(planned, ((Number) counts[1]).longValue(),
                    Optional.ofNullable(instant(counts[2])), Optional.ofNullable(instant(counts[3])));
        });
    }

    @Override
    public List<SubjectNotice> subjectNotices(String incidentId) {
        notNull(incidentId, "incidentId");
        return jpa.inTransaction("read breach notices", em -> readAll(em, em.createQuery(
                "select n from SubjectNoticeRow n where n.incidentId = :id order by n.position", SubjectNoticeRow.class)
                .setParameter("id", incidentId).getResultList(), JpaIncidentStore::read));
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
