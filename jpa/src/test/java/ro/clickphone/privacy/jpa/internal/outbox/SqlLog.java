package ro.clickphone.privacy.jpa.internal.outbox;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import org.hibernate.resource.jdbc.spi.StatementInspector;

/**
 * Hibernate's statement inspector as a test probe: keeps every SQL statement a factory prepares, to prove
 * which ones carry {@code SKIP LOCKED}. Hibernate is a test dependency only; the stores never see it.
 */
public final class SqlLog implements StatementInspector {

    private static final long serialVersionUID = 1L;

    private final List<String> statements = new CopyOnWriteArrayList<>();

    @Override
    public String inspect(String sql) {
        statements.add(sql);
        return sql;
    }

    /** Forgets what was seen. */
    public void clear() {
        statements.clear();
    }

    /**
     * The statements seen that contain a text, case-insensitively.
     *
     * @param text the text
     * @return the statements
     */
    public List<String> containing(String text) {
        String wanted = text.toLowerCase(Locale.ROOT);
        return statements.stream().filter(s -> s.toLowerCase(Locale.ROOT).contains(wanted)).toList();
    }

    /**
     * Every statement seen.
     *
     * @return them
     */
    public List<String> all() {
        return List.copyOf(statements);
    }
}
