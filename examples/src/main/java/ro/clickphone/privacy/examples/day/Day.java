package ro.clickphone.privacy.examples.day;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Supplier;
import ro.clickphone.privacy.core.PrivacyKit;
import ro.clickphone.privacy.core.access.AccessPolicy;
import ro.clickphone.privacy.core.audit.AuditSettings;
import ro.clickphone.privacy.core.consent.ConsentSettings;
import ro.clickphone.privacy.core.notify.NotificationSettings;
import ro.clickphone.privacy.core.policy.Policy;
import ro.clickphone.privacy.core.rights.RightsSettings;
import ro.clickphone.privacy.examples.support.Database;
import ro.clickphone.privacy.hibernate.FieldEncryption;
import ro.clickphone.privacy.jpa.JpaErasureLedgers;
import ro.clickphone.privacy.jpa.JpaPersonalDataSource;
import ro.clickphone.privacy.jpa.JpaStores;
import ro.clickphone.privacy.notify.mail.MailboxChannel;
import ro.clickphone.privacy.spi.Actor;
import ro.clickphone.privacy.spi.Purpose;
import ro.clickphone.privacy.spi.SubjectId;
import ro.clickphone.privacy.spi.memory.Stores;

/**
 * The day's world: its clock, databases, keys, the kit over the JPA stores and the day's entities, and the
 * report printer. The steps work through it.
 */
final class Day implements AutoCloseable {

    /** The day: Monday, 16 March 2026, in Bucharest. */
    static final LocalDate DATE = LocalDate.of(2026, 3, 16);
    /** Signed checkpoints every few entries, so that the day's trail holds several. */
    static final int CHECKPOINT_INTERVAL = 16;
    /** The analytics job's role. */
    static final String ANALYTICS_JOB = "ANALYTICS_JOB";
    /** The security officer who registers the breach. */
    static final Actor SECURITY_OFFICER = Actor.staff(ro.clickphone.privacy.spi.Recipient.of("EMPLOYEES"),
            "emp-0815", Set.of("SECURITY"));

    /** The customer whose day it is. */
    static final Customer ANA = new Customer(SubjectId.of("acct-1042"), 1042L, "Ana.Popescu@example.ro",
            "+40 721 234 567", "Str. Lipscani 12, București", "+40 311 234 567");
    /** Another customer, the one the evening's breach touches. */
    static final Customer IOANA = new Customer(SubjectId.of("acct-2077"), 2077L, "ioana.marin@example.ro",
            "+40 722 987 654", "Bd. Eroilor 5, Cluj-Napoca", "+40 364 555 010");

    /**
     * A customer of the day.
     *
     * @param subject the subject id
     * @param accountId the account row's id
     * @param email the notification address
     * @param phone the contact phone
     * @param address the service address
     * @param clickPhoneNumber the customer's ClickPhone number
     */
    record Customer(SubjectId subject, long accountId, String email, String phone, String address,
            String clickPhoneNumber) {

        /**
         * Every value of the customer: the subject id and the personal data.
         *
         * @return the values
         */
        List<String> values() {
            return List.of(subject.value(), email, phone, address, clickPhoneNumber);
        }

        /** Names the subject only. */
        @Override
        public String toString() {
            return "Customer[" + subject.value() + "]";
        }
    }

    final Path out;
    final DayClock clock;
    final DayKeys keys;
    final DayDatabases databases;
    final Database main;
    final EntityManagerFactory emf;
    final Stores stores;
    final JpaPersonalDataSource source;
    final PrivacyKit kit;
    private final Database ledger;
    private final PrintStream printer;

    private Day(Path out, DayClock clock, DayKeys keys, DayDatabases databases, Database main, Database ledger,
            EntityManagerFactory emf, Stores stores, JpaPersonalDataSource source, PrivacyKit kit,
            PrintStream printer) {
        this.out = out;
        this.clock = clock;
        this.keys = keys;
        this.databases = databases;
        this.main = main;
        this.ledger = ledger;
        this.emf = emf;
        this.stores = stores;
        this.source = source;
        this.kit = kit;
        this.printer = printer;
    }

    /**
     * Opens the day's world: databases migrated, keys generated, the kit built over the JPA stores.
     *
     * @param out the output folder (already cleared)
     * @param databases the day's databases
     * @param printer where the report goes
     * @return the world
     * @throws IOException if a key file cannot be written
     */
    static Day open(Path out, DayDatabases databases, PrintStream printer) throws IOException {
        DayClock clock = DayClock.at(DATE, LocalTime.of(8, 0));
        DayKeys keys = DayKeys.generate(out.resolve("keys"), DATE.atStartOfDay(DayClock.BUCHAREST).toInstant());
        Database main = databases.main();
        Database ledger = databases.ledger();
        Wired wired = wire(main, clock, keys, builder -> builder
                .channel(MailboxChannel.open("mailbox", out.resolve("mail"), clock))
                .notifications(NotificationSettings.defaults().withAutoStart(false))
                .rights(RightsSettings.defaults().withErasureLedger(JpaErasureLedgers.create(ledger.newEmf(Map.of())))));
        return new Day(out, clock, keys, databases, main, ledger, wired.emf, wired.stores, wired.source, wired.kit,
                printer);
    }

    /** A factory, a bundle, a source and a kit wired together. */
    record Wired(EntityManagerFactory emf, Stores stores, JpaPersonalDataSource source, PrivacyKit kit) {
    }

    /**
     * Wires a kit over the main database the way an application does: the factory gets the kit as a supplier
     * (its stores and source are built over that very factory), then the boot checks run.
     *
     * @param main the main database
     * @param clock the kit's clock
     * @param keys the run's keys
     * @param more what this kit adds (channel, rights)
     * @return the wiring
     */
    static Wired wire(Database main, Clock clock, DayKeys keys, Function<PrivacyKit.Builder, PrivacyKit.Builder> more) {
        AtomicReference<PrivacyKit> ref = new AtomicReference<>();
        Map<String, Object> properties = new HashMap<>();
        properties.put(FieldEncryption.KIT, (Supplier<PrivacyKit>) ref::get);
        properties.put(FieldEncryption.RETENTION_SOURCE, JpaPersonalDataSource.DEFAULT_NAME);
        EntityManagerFactory emf = main.newEmf(properties);
        JpaPersonalDataSource source = JpaPersonalDataSource.builder(emf)
                .blindIndexer(FieldEncryption.blindIndexer(emf)).clock(clock).build();
        Stores stores = JpaStores.create(emf);
        PrivacyKit kit = more.apply(PrivacyKit.builder()
                .policy(Policy.clickPhoneDefault())
                .clock(clock)
                .stores(stores)
                .audit(AuditSettings.of(keys.auditSigner, keys.subjectPseudonymKey)
                        .withCheckpointInterval(CHECKPOINT_INTERVAL))
                .consent(ConsentSettings.defaults().withSealKey(keys.sealKey)
                        .withReceiptSigner(keys.receiptSigner, DATE.atStartOfDay(DayClock.BUCHAREST).toInstant()))
                .keys(keys.kek)
                .searchableFields(keys.searchRootKey)
                .pseudonymization(keys.pseudonymKeys)
                .accessPolicy(AccessPolicy.builder()
                        .grant(ANALYTICS_JOB, Purpose.of("SERVICE_PROVISION"))
                        .grantPseudonymization(ANALYTICS_JOB, "analytics")
                        .build())
                .source(source)).build();
        ref.set(kit);
        FieldEncryption.check(emf);
        return new Wired(emf, stores, source, kit);
    }

    /**
     * Moves the day's clock forward.
     *
     * @param hour the hour
     * @param minute the minute
     * @return the new instant
     */
    Instant at(int hour, int minute) {
        return clock.moveTo(LocalTime.of(hour, minute));
    }

    /**
     * Runs work in a transaction of its own.
     *
     * @param work the work
     * @param <T> its result
     * @return the result
     */
    <T> T inTransaction(Function<EntityManager, T> work) {
        EntityManager em = emf.createEntityManager();
        try {
            em.getTransaction().begin();
            T result = work.apply(em);
            em.getTransaction().commit();
            return result;
        } finally {
            if (em.getTransaction().isActive()) {
                em.getTransaction().rollback();
            }
            em.close();
        }
    }

    /**
     * Reads one number over plain JDBC, as someone with access to the database would.
     *
     * @param sql a query returning one number
     * @return the number
     * @throws IllegalStateException if the query returns no row or no number
     */
    long count(String sql) {
        String value = text(sql);
        if (value == null) {
            throw new IllegalStateException("the query returned no number");
        }
        return Long.parseLong(value.trim());
    }

    /**
     * Reads one column of the first row over plain JDBC, as text.
     *
     * @param sql a query
     * @return the value, or null if there is no row or the value is null
     */
    String text(String sql) {
        try (Connection c = main.connection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the database (SQL state " + e.getSQLState() + ")", e);
        }
    }

    /**
     * Prints a step's heading.
     *
     * @param step the number
     * @param title the title
     */
    void heading(int step, String title) {
        printer.println();
        printer.println("Step " + step + " · " + title);
    }

    /**
     * Prints a line of a step's report.
     *
     * @param line the line, without personal data
     */
    void say(String line) {
        printer.println("  " + line);
    }

    /**
     * Prints whether a step held, and why not.
     *
     * @param outcome the outcome
     * @param <T> its type
     * @return the outcome
     */
    <T extends StepOutcome> T verdict(T outcome) {
        if (outcome.held()) {
            printer.println("  => held");
        } else {
            outcome.problems().forEach(p -> printer.println("  => NOT HELD: " + p));
        }
        return outcome;
    }

    /**
     * Prints a line of the report that is not part of a step.
     *
     * @param line the line
     */
    void print(String line) {
        printer.println(line);
    }

    @Override
    public void close() {
        kit.close();
        if (emf.isOpen()) {
            emf.close();
        }
        ledger.close();
        main.close();
    }

    @Override
    public String toString() {
        return "Day[" + DATE + ", " + databases.kind() + "]";
    }
}
