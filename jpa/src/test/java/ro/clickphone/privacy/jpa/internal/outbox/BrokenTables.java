package ro.clickphone.privacy.jpa.internal.outbox;

import java.sql.Statement;
import java.util.List;
import ro.clickphone.privacy.jpa.testing.DatabaseKind;
import ro.clickphone.privacy.jpa.testing.TestDatabase;

/**
 * Makes a store's tables vanish for one test and come back after it: every statement then fails in the
 * database, as with a database that lost them, so the contracts' "broken store" tests run against the real
 * store code, including an append joined to a caller's live transaction.
 */
public final class BrokenTables {

    private final TestDatabase db;
    private final List<String> tables;
    private boolean broken;

    /**
     * Tables of a database to break.
     *
     * @param db the database
     * @param tables the tables
     */
    public BrokenTables(TestDatabase db, List<String> tables) {
        this.db = db;
        this.tables = tables;
    }

    /** Renames the tables away. */
    public void breakThem() {
        rename(false);
        broken = true;
    }

    /** Renames them back, if broken. */
    public void restore() {
        if (broken) {
            rename(true);
            broken = false;
        }
    }

    private void rename(boolean back) {
        db.jdbc(c -> {
            try (Statement s = c.createStatement()) {
                for (String table : tables) {
                    String from = back ? table + "_away" : table;
                    String to = back ? table : table + "_away";
                    s.execute(db.kind() == DatabaseKind.MARIADB ? "RENAME TABLE " + from + " TO " + to
                            : "ALTER TABLE " + from + " RENAME TO " + to);
                }
            }
        });
    }
}
