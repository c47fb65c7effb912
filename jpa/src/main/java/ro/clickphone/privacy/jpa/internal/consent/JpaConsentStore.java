package ro.clickphone.privacy.jpa.internal.consent;

import jakarta.persistence.EntityManager;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import ro.clickphone.privacy.jpa.internal.Counters;
import ro.clickphone.privacy.jpa.internal.JpaContext;
import ro.clickphone.privacy.spi.Actor;
import ro.clickphone.privacy.spi.ActorKind;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.Purpose;
import ro.clickphone.privacy.spi.Recipient;
import ro.clickphone.privacy.spi.SubjectId;
import ro.clickphone.privacy.spi.consent.ConsentChannel;
import ro.clickphone.privacy.spi.consent.ConsentEvent;
import ro.clickphone.privacy.spi.consent.ConsentEventType;
import ro.clickphone.privacy.spi.consent.ConsentEvidence;
import ro.clickphone.privacy.spi.consent.ConsentStore;

/**
 * The consent ledger over JPA: {@code cpp_consent_event} and the actor's roles and accounts in
 * {@code cpp_consent_actor_item}. The store keeps the stored form the ledger hands it (keyed subject and
 * actor references, encrypted evidence, the seal) verbatim and knows nothing that form does not hold.
 *
 * <p><b>Sequences and the change feed.</b> An append locks the {@code consent} counter row in its own
 * transaction (or the caller's), looks the event id up under that lock (an id stored already returns the
 * stored event and counts nothing), takes the next number and inserts. The lock is held until commit, so
 * event n+1 can only be inserted after event n committed: every snapshot a reader takes holds a gap-free
 * prefix, and {@link #changesSince} never shows n+1 before n, across any number of application instances.
 *
 * <p><b>Reads</b> build events through the SPI's constructors, so an edited row surfaces as the SPI's
 * {@link InvalidInputException}; the ledger's seal catches the edits that stay well-formed.
 */
public final class JpaConsentStore implements ConsentStore {

    static final String COUNTER = "consent";
    /** Parameters per IN list, well below every database's limit. */
    private static final int IN_CHUNK = 500;

    private final JpaContext jpa;

    /**
     * Creates the store.
     *
     * @param jpa the factory and the transaction rule
     */
    public JpaConsentStore(JpaContext jpa) {
        if (jpa == null) {
            throw new InvalidInputException("jpa", "must not be null");
        }
        this.jpa = jpa;
    }

    @Override
    public ConsentEvent append(ConsentEvent event) {
        if (event == null) {
            throw new InvalidInputException("event", "must not be null");
        }
        return jpa.inTransaction("append a consent event", em -> {
            Counters.lockedLast(em, COUNTER); // the turn: held to commit, so n+1 never commits before n
            List<ConsentEventRow> existing = em.createQuery(
                    "select e from ConsentEventRow e where e.eventId = :id", ConsentEventRow.class)
                    .setParameter("id", event.id()).getResultList();
            if (!existing.isEmpty()) {
                return events(em, existing).get(0);
            }
            long sequence = Counters.next(em, COUNTER);
            ConsentEvidence ev = event.evidence();
            Actor actor = event.actor();
            em.persist(new ConsentEventRow(sequence, event.id(), event.subject().value(), event.type().name(),
                    event.purpose().map(Purpose::id).orElse(null), event.effectiveAt(), event.recordedAt(),
                    event.policyVersion(), event.channel().name(), actor.kind().name(), actor.id(),
                    actor.recipient().map(Recipient::id).orElse(null), actor.legalRequest().orElse(null),
                    ev.network().orElse(null), ev.userAgent().orElse(null), ev.formId().orElse(null),
                    ev.reference().orElse(null), ev.encrypted().orElse(null), ev.explicit() ? 1 : 0, event.seal()));
            // The parent row first: providers flush inserts in the order they were persisted.
            em.flush();
            for (String role : actor.roles()) {
                em.persist(new ConsentActorItemRow(sequence, ConsentActorItemRow.ROLE, role));
            }
            for (String account : actor.accounts()) {
                em.persist(new ConsentActorItemRow(sequence, ConsentActorItemRow.ACCOUNT, account));
            }
            return event.withSequence(sequence);
        });
    }

    @Override
    public List<ConsentEvent> eventsOf(SubjectId subject) {
        if (subject == null) {
            throw new InvalidInputException("subject", "must not be null");
        }
        return jpa.inTransaction("read a subject's consent events", em -> events(em, em.createQuery(
                "select e from ConsentEventRow e where e.subject = :subject order by e.sequence", ConsentEventRow.class)
                .setParameter("subject", subject.value()).getResultList()));
    }

    @Override
    public List<ConsentEvent> changesSince(long afterSequence, int maxCount) {
        if (afterSequence < 0) {
            throw new InvalidInputException("afterSequence", "must not be negative");
        }
        if (maxCount < 1) {
            throw new InvalidInputException("maxCount", "must be at least 1");
        }
        return jpa.inTransaction("read the consent change feed", em -> events(em, em.createQuery(
                "select e from ConsentEventRow e where e.sequence > :after order by e.sequence", ConsentEventRow.class)
                .setParameter("after", afterSequence).setMaxResults(maxCount).getResultList()));
    }

    @Override
    public Optional<ConsentEvent> find(String eventId) {
        if (eventId == null) {
            throw new InvalidInputException("eventId", "must not be null");
        }
        return jpa.inTransaction("find a consent event", em -> events(em, em.createQuery(
                "select e from ConsentEventRow e where e.eventId = :id", ConsentEventRow.class)
                .setParameter("id", eventId).getResultList()).stream().findFirst());
    }

    @Override
    public long lastSequence() {
        return jpa.inTransaction("read the last consent sequence", em -> {
            Long max = em.createQuery("select max(e.sequence) from ConsentEventRow e", Long.class).getSingleResult();
            return max == null ? 0L : max;
        });
    }

    /** Events from rows in the rows' order, with their actors' roles and accounts. */
    private static List<ConsentEvent> events(EntityManager em, List<ConsentEventRow> rows) {
        if (rows.isEmpty()) {
            return List.of();
        }
        Map<Long, TreeSet<String>> roles = new HashMap<>();
        Map<Long, TreeSet<String>> accounts = new HashMap<>();
        List<Long> sequences = rows.stream().map(ConsentEventRow::sequence).toList();
        for (int from = 0; from < sequences.size(); from += IN_CHUNK) {
            List<Long> chunk = sequences.subList(from, Math.min(sequences.size(), from + IN_CHUNK));
            for (ConsentActorItemRow item : em.createQuery(
                    "select i from ConsentActorItemRow i where i.sequence in :sequences", ConsentActorItemRow.class)
                    .setParameter("sequences", chunk).getResultList()) {
                Map<Long, TreeSet<String>> target = switch (item.kind()) {
                    case ConsentActorItemRow.ROLE -> roles;
                    case ConsentActorItemRow.ACCOUNT -> accounts;
                    default -> throw new InvalidInputException("consentEvent.actor", "holds an unknown item kind");
                };
                target.computeIfAbsent(item.sequence(), k -> new TreeSet<>()).add(item.item());
            }
        }
        List<ConsentEvent> out = new ArrayList<>(rows.size());
        for (ConsentEventRow r : rows) {
            Actor actor = new Actor(parse(ActorKind.class, r.actorKind(), "consentEvent.actor"), r.actorId(),
                    Optional.ofNullable(r.actorRecipient()).map(Recipient::of),
                    roles.getOrDefault(r.sequence(), new TreeSet<>()), accounts.getOrDefault(r.sequence(), new TreeSet<>()),
                    Optional.ofNullable(r.actorLegalRequest()));
            if (r.explicit() != 0 && r.explicit() != 1) {
                throw new InvalidInputException("consentEvent.evidence", "explicit must be 0 or 1");
            }
            ConsentEvidence evidence = new ConsentEvidence(Optional.ofNullable(r.network()),
                    Optional.ofNullable(r.userAgent()), Optional.ofNullable(r.formId()),
                    Optional.ofNullable(r.reference()), Optional.ofNullable(r.encrypted()), r.explicit() == 1);
            out.add(new ConsentEvent(r.eventId(), r.sequence(), SubjectId.of(r.subject()),
                    parse(ConsentEventType.class, r.type(), "consentEvent.type"),
                    Optional.ofNullable(r.purpose()).map(Purpose::of), r.effectiveAt(), r.recordedAt(),
                    r.policyVersion(), parse(ConsentChannel.class, r.channel(), "consentEvent.channel"), actor,
                    evidence, r.seal()));
        }
        return List.copyOf(out);
    }

    private static <E extends Enum<E>> E parse(Class<E> type, String name, String argument) {
        try {
            return Enum.valueOf(type, name);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new InvalidInputException(argument, "holds an unknown name");
        }
    }

    @Override
    public String toString() {
        return "JpaConsentStore[" + jpa + "]";
    }
}
