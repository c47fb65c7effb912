package ro.clickphone.privacy.spi.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import ro.clickphone.privacy.spi.Lease;
import ro.clickphone.privacy.spi.SubjectId;
import ro.clickphone.privacy.spi.rights.ErasureEntry;
import ro.clickphone.privacy.spi.rights.ErasureLedger;
import ro.clickphone.privacy.spi.rights.ErasureLedgerContract;
import ro.clickphone.privacy.spi.rights.RequestRecord;
import ro.clickphone.privacy.spi.rights.ReviewTask;
import ro.clickphone.privacy.spi.rights.RightsRequestStore;
import ro.clickphone.privacy.spi.rights.RightsRequestStoreContract;
import ro.clickphone.privacy.spi.testkit.ContractRun;

/**
 * The rights contracts fail for the defects they are about: each nested class runs a contract on the
 * in-memory store or ledger with one defect planted (nested classes are not run by the build itself).
 */
class RightsContractsCanFailTest {

    /** Forwards every call to the in-memory store; a defect overrides one. */
    static class Forwarding implements RightsRequestStore {
        final InMemoryRightsRequestStore store = new InMemoryRightsRequestStore();

        @Override
        public boolean insert(RequestRecord request) {
            return store.insert(request);
        }

        @Override
        public Optional<RequestRecord> find(String id) {
            return store.find(id);
        }

        @Override
        public boolean replace(RequestRecord next) {
            return store.replace(next);
        }

        @Override
        public Optional<RequestRecord> claim(String id, Lease lease, Instant now) {
            return store.claim(id, lease, now);
        }

        @Override
        public List<RequestRecord> open(LocalDate dueOnOrBefore, Optional<RequestRecord> after, int limit) {
            return store.open(dueOnOrBefore, after, limit);
        }

        @Override
        public List<RequestRecord> ofSubject(SubjectId subject) {
            return store.ofSubject(subject);
        }

        @Override
        public boolean insertTask(ReviewTask task) {
            return store.insertTask(task);
        }

        @Override
        public Optional<ReviewTask> findTask(String id) {
            return store.findTask(id);
        }

        @Override
        public boolean replaceTask(ReviewTask next) {
            return store.replaceTask(next);
        }

        @Override
        public List<ReviewTask> undecidedTasks(int limit) {
            return store.undecidedTasks(limit);
        }
    }

    /** Last writer wins: a replace overwrites whatever version is stored. */
    static final class LastWriterWins extends RightsRequestStoreContract {
        @Override
        protected RightsRequestStore newStore() {
            return new Forwarding() {
                private final java.util.Map<String, RequestRecord> written = new java.util.concurrent.ConcurrentHashMap<>();

                @Override
                public Optional<RequestRecord> find(String id) {
                    return Optional.ofNullable(written.get(id)).or(() -> store.find(id));
                }

                @Override
                public boolean replace(RequestRecord next) {
                    if (store.find(next.id()).isEmpty()) {
                        return false;
                    }
                    written.put(next.id(), next);
                    return true;
                }
            };
        }
    }

    /** Hands a request to any worker, whatever lease another holds. */
    static final class IgnoresLeases extends RightsRequestStoreContract {
        @Override
        protected RightsRequestStore newStore() {
            return new Forwarding() {
                @Override
                public Optional<RequestRecord> claim(String id, Lease lease, Instant now) {
                    if (id == null || lease == null || now == null) {
                        throw new ro.clickphone.privacy.spi.InvalidInputException("claim", "must not be null");
                    }
                    Optional<RequestRecord> stored = store.find(id);
                    if (stored.isEmpty() || stored.get().state().ended()) {
                        return Optional.empty();
                    }
                    RequestRecord claimed = stored.get().withLease(Optional.of(lease), now);
                    store.replace(claimed);
                    return Optional.of(claimed);
                }
            };
        }
    }

    /** Answers ended requests as open too. */
    static final class OpenWithEnded extends RightsRequestStoreContract {
        @Override
        protected RightsRequestStore newStore() {
            return new Forwarding() {
                @Override
                public List<RequestRecord> open(LocalDate due, Optional<RequestRecord> after, int limit) {
                    store.open(due, after, limit);   // for its argument checks
                    List<RequestRecord> all = new ArrayList<>();
                    for (String subject : List.of("ana.popescu@example.ro", "+40721234567")) {
                        all.addAll(store.ofSubject(SubjectId.of(subject)));
                    }
                    Comparator<RequestRecord> order = Comparator.comparing(RequestRecord::due)
                            .thenComparing(RequestRecord::id);
                    return all.stream().filter(r -> !r.due().isAfter(due))
                            .filter(r -> after.isEmpty() || order.compare(r, after.get()) > 0)
                            .sorted(order).limit(limit).toList();
                }
            };
        }
    }

    /** Appends an entry again for a request appended already. */
    static final class DuplicatingLedger extends ErasureLedgerContract {
        @Override
        protected ErasureLedger newLedger() {
            InMemoryErasureLedger ledger = new InMemoryErasureLedger();
            return new ErasureLedger() {
                @Override
                public boolean append(ErasureEntry entry) {
                    ledger.append(entry);
                    return true;
                }

                @Override
                public List<ErasureEntry> since(Instant since, Optional<ErasureEntry> after, int limit) {
                    return ledger.since(since, after, limit);
                }
            };
        }
    }

    @Test
    void correctImplementations_passEveryTest() {
        for (Class<?> contract : List.of(InMemoryRightsRequestStoreTest.class, InMemoryErasureLedgerTest.class)) {
            ContractRun run = ContractRun.of(contract);
            assertEquals(Set.of(), run.failed(), run.report());
            assertEquals(Set.of(), run.skipped());
        }
    }

    @Test
    void aStoreWhoseLastWriterWins_failsTheVersionTests() {
        ContractRun run = ContractRun.of(LastWriterWins.class);
        assertTrue(run.failed().containsAll(Set.of("replace_withTheNextVersion_writes_andAStaleVersionLoses",
                "replace_racingFromOneVersion_exactlyOneWins")), run.report());
    }

    @Test
    void aStoreIgnoringLeases_failsTheClaimTests() {
        ContractRun run = ContractRun.of(IgnoresLeases.class);
        assertEquals(Set.of("claim_whileAnotherWorkersLeaseHolds_isEmpty_andChangesNothing",
                "claim_racingWorkers_exactlyOneGetsTheRequest"), run.failed(), run.report());
    }

    @Test
    void aStoreAnsweringEndedRequestsAsOpen_failsTheOpenTest() {
        ContractRun run = ContractRun.of(OpenWithEnded.class);
        assertEquals(Set.of("open_answersByDueThenId_pagedAfterAPosition_withoutEndedRequests"), run.failed(),
                run.report());
    }

    @Test
    void aLedgerAcceptingARepeatedAppend_failsTheIdempotencyTests() {
        ContractRun run = ContractRun.of(DuplicatingLedger.class);
        assertEquals(Set.of("append_ofARequestAppendedAlready_returnsFalse_andChangesNothing",
                "append_racingOnOneRequest_exactlyOneAppends"), run.failed(), run.report());
    }
}
