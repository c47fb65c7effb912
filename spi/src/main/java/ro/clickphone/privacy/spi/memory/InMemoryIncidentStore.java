package ro.clickphone.privacy.spi.memory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.SubjectId;
import ro.clickphone.privacy.spi.incident.AuthorityNotice;
import ro.clickphone.privacy.spi.incident.CooperationEntry;
import ro.clickphone.privacy.spi.incident.IncidentStore;
import ro.clickphone.privacy.spi.incident.IncidentVersion;
import ro.clickphone.privacy.spi.incident.NoticeSummary;
import ro.clickphone.privacy.spi.incident.SubjectNotice;

/**
 * An {@link IncidentStore} in memory, for tests and demos: it shows the protocol (versions appended
 * only after the latest, append-only logs, a notice marked sent once) that a persistent store
 * implements with unique keys and transactions.
 *
 * <p>Thread-safe: every method holds the store's lock.
 *
 * @since 0.1.0
 */
public final class InMemoryIncidentStore implements IncidentStore {

    /** Each incident's versions, version 1 first, by incident id in the order of the contract. */
    private final TreeMap<String, List<IncidentVersion>> versions = new TreeMap<>();
    private final Map<String, List<AuthorityNotice>> authorityNotices = new HashMap<>();
    private final Map<String, List<CooperationEntry>> cooperation = new HashMap<>();
    private final Map<String, LinkedHashMap<SubjectId, SubjectNotice>> notices = new HashMap<>();

    /** Creates an empty store. */
    public InMemoryIncidentStore() {
    }

    @Override
    public synchronized boolean append(IncidentVersion version) {
        notNull(version, "version");
        List<IncidentVersion> history = versions.get(version.incidentId());
        int latest = history == null ? 0 : history.size();
        if (version.version() != latest + 1) {
            return false;
        }
        versions.computeIfAbsent(version.incidentId(), k -> new ArrayList<>()).add(version);
        return true;
    }

    @Override
    public synchronized Optional<IncidentVersion> latest(String incidentId) {
        List<IncidentVersion> history = versions.get(notNull(incidentId, "incidentId"));
        return history == null ? Optional.empty() : Optional.of(history.get(history.size() - 1));
    }

    @Override
    public synchronized List<IncidentVersion> history(String incidentId) {
        return List.copyOf(versions.getOrDefault(notNull(incidentId, "incidentId"), List.of()));
    }

    @Override
    public synchronized List<IncidentVersion> latestVersions(Optional<String> afterIncidentId, int limit) {
        notNull(afterIncidentId, "afterIncidentId");
        afterIncidentId.ifPresent(id -> notNull(id, "afterIncidentId"));
        if (limit < 1 || limit > MAX_BATCH) {
            throw new InvalidInputException("limit", "must be between 1 and " + MAX_BATCH);
        }
        Map<String, List<IncidentVersion>> after = afterIncidentId.isEmpty() ? versions
                : versions.tailMap(afterIncidentId.get(), false);
        List<IncidentVersion> out = new ArrayList<>();
        for (List<IncidentVersion> history : after.values()) {
            if (out.size() == limit) {
                break;
            }
            out.add(history.get(history.size() - 1));
        }
        return out;
    }

    @Override
    public synchronized boolean appendAuthorityNotice(AuthorityNotice notice) {
        notNull(notice, "notice");
        if (!versions.containsKey(notice.incidentId())) {
            return false;
        }
        authorityNotices.computeIfAbsent(notice.incidentId(), k -> new ArrayList<>()).add(notice);
        return true;
    }

    @Override
    public synchronized List<AuthorityNotice> authorityNotices(String incidentId) {
        return List.copyOf(authorityNotices.getOrDefault(notNull(incidentId, "incidentId"), List.of()));
    }

    @Override
    public synchronized boolean appendCooperation(CooperationEntry entry) {
        notNull(entry, "entry");
        if (!versions.containsKey(entry.incidentId())) {
            return false;
        }
        cooperation.computeIfAbsent(entry.incidentId(), k -> new ArrayList<>()).add(entry);
        return true;
    }

    @Override
    public synchronized List<CooperationEntry> cooperationLog(String incidentId) {
        return List.copyOf(cooperation.getOrDefault(notNull(incidentId, "incidentId"), List.of()));
    }

    @Override
    public synchronized int planSubjectNotices(String incidentId, Set<SubjectId> subjects, Instant at) {
        notNull(incidentId, "incidentId");
        notNull(subjects, "subjects");
        notNull(at, "at");
        List<SubjectId> sorted = new ArrayList<>(subjects.size());
        for (SubjectId subject : subjects) {
            sorted.add(notNull(subject, "subjects"));
        }
        // Validate every notice before storing any: a plan is stored whole or not at all.
        List<SubjectNotice> planned = new ArrayList<>(sorted.size());
        sorted.sort(Comparator.comparing(SubjectId::value));
        for (SubjectId subject : sorted) {
            planned.add(SubjectNotice.planned(incidentId, subject, at));
        }
        if (!versions.containsKey(incidentId)) {
            return 0;
        }
        LinkedHashMap<SubjectId, SubjectNotice> mine = notices.computeIfAbsent(incidentId, k -> new LinkedHashMap<>());
        int added = 0;
        for (SubjectNotice notice : planned) {
            if (mine.putIfAbsent(notice.subject(), notice) == null) {
                added++;
            }
        }
        return added;
    }

    @Override
    public synchronized boolean markNoticeSent(String incidentId, SubjectId subject, String messageId, Instant at) {
        notNull(incidentId, "incidentId");
        notNull(subject, "subject");
        notNull(messageId, "messageId");
        notNull(at, "at");
        LinkedHashMap<SubjectId, SubjectNotice> mine = notices.get(incidentId);
        SubjectNotice notice = mine == null ? null : mine.get(subject);
        if (notice == null || notice.isSent()) {
            // Still validate the arguments, so that bad input fails the same whether or not a plan exists.
            SubjectNotice.planned(incidentId, subject, at).sent(messageId, at);
            return false;
        }
        mine.put(subject, notice.sent(messageId, at));
        return true;
    }

    @Override
    public synchronized Optional<SubjectNotice> subjectNotice(String incidentId, SubjectId subject) {
        notNull(incidentId, "incidentId");
        notNull(subject, "subject");
        LinkedHashMap<SubjectId, SubjectNotice> mine = notices.get(incidentId);
        return mine == null ? Optional.empty() : Optional.ofNullable(mine.get(subject));
    }

    @Override
    public synchronized NoticeSummary noticeSummary(String incidentId) {
        LinkedHashMap<SubjectId, SubjectNotice> mine = notices.get(notNull(incidentId, "incidentId"));
        if (mine == null || mine.isEmpty()) {
            return NoticeSummary.NONE;
        }
        long sent = 0;
        Instant first = null;
        Instant last = null;
        for (SubjectNotice notice : mine.values()) {
            if (notice.isSent()) {
                Instant at = notice.sentAt().orElseThrow();
                sent++;
                first = first == null || at.isBefore(first) ? at : first;
                last = last == null || at.isAfter(last) ? at : last;
            }
        }
        return new NoticeSummary(mine.size(), sent, Optional.ofNullable(first), Optional.ofNullable(last));
    }

    @Override
    public synchronized List<SubjectNotice> subjectNotices(String incidentId) {
        LinkedHashMap<SubjectId, SubjectNotice> mine = notices.get(notNull(incidentId, "incidentId"));
        return mine == null ? List.of() : List.copyOf(mine.values());
    }

    private static <T> T notNull(T value, String name) {
        if (value == null) {
            throw new InvalidInputException(name, "must not be null");
        }
        return value;
    }

    /** The number of incidents only. */
    @Override
    public synchronized String toString() {
        return "InMemoryIncidentStore[" + versions.size() + " incidents]";
    }
}
