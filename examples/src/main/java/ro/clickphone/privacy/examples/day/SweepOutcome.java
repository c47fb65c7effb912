package ro.clickphone.privacy.examples.day;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * Step 6: the retention sweep of a later kit.
 *
 * @param day the sweep's day
 * @param disposed the records disposed of, per category id
 * @param invoiceDisposed whether the day's invoice was among them
 * @param callsDisposed how many of the day's call records were among them
 * @param accountDisposed whether the customer's restricted account was among them
 * @param rowsLeft the day's invoice, call, account and device rows left in their tables
 * @param failed the records the sweep failed on
 * @param contactsRemoved whether the kit's contact directory no longer knows the customer
 * @param contactRowsLeft the customer's rows left in {@code cpp_contact}, counted over JDBC
 * @param otherAccountRows the other customer's account rows, counted over JDBC (she is still a customer)
 * @param problems the expectations that did not hold
 */
public record SweepOutcome(LocalDate day, Map<String, Integer> disposed, boolean invoiceDisposed, int callsDisposed,
        boolean accountDisposed, long rowsLeft, int failed, boolean contactsRemoved, long contactRowsLeft,
        long otherAccountRows, List<String> problems) implements StepOutcome {

    /**
     * Copies the collections.
     *
     * @param day the sweep's day
     * @param disposed the records disposed of, per category id
     * @param invoiceDisposed whether the day's invoice was among them
     * @param callsDisposed how many of the day's call records were among them
     * @param accountDisposed whether the customer's restricted account was among them
     * @param rowsLeft the day's invoice, call, account and device rows left in their tables
     * @param failed the records the sweep failed on
     * @param contactsRemoved whether the kit's contact directory no longer knows the customer
     * @param contactRowsLeft the customer's rows left in {@code cpp_contact}, counted over JDBC
     * @param otherAccountRows the other customer's account rows, counted over JDBC (she is still a customer)
     * @param problems the expectations that did not hold
     */
    public SweepOutcome {
        disposed = Map.copyOf(disposed);
        problems = List.copyOf(problems);
    }

    @Override
    public int step() {
        return 6;
    }
}
