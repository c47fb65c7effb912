package ro.clickphone.privacy.jpa.internal.keys;

import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import ro.clickphone.privacy.jpa.testing.TestDatabase;

/** Reads raw rows over plain JDBC, as someone with database access would: what the tables really hold. */
public final class RawRows {

    private RawRows() {
    }

    /**
     * The single number a query gives, e.g. a {@code COUNT(*)}.
     *
     * @param db the database
     * @param sql the query
     * @param args its parameters
     * @return the number
     */
    public static long number(TestDatabase db, String sql, Object... args) {
        long[] out = new long[1];
        db.jdbc(c -> {
            try (PreparedStatement s = c.prepareStatement(sql)) {
                for (int i = 0; i < args.length; i++) {
                    s.setObject(i + 1, args[i]);
                }
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    out[0] = rs.getLong(1);
                }
            }
        });
        return out[0];
    }

    /**
     * Every non-null cell of every row of a table: binary columns as their bytes, others as UTF-8 text.
     *
     * @param db the database
     * @param table the table
     * @return the cells
     */
    public static List<byte[]> cells(TestDatabase db, String table) {
        List<byte[]> cells = new ArrayList<>();
        db.jdbc(c -> {
            try (ResultSet rs = c.createStatement().executeQuery("SELECT * FROM " + table)) {
                ResultSetMetaData meta = rs.getMetaData();
                while (rs.next()) {
                    for (int i = 1; i <= meta.getColumnCount(); i++) {
                        int type = meta.getColumnType(i);
                        boolean binary = type == Types.BINARY || type == Types.VARBINARY
                                || type == Types.LONGVARBINARY || type == Types.BLOB;
                        byte[] cell = binary ? rs.getBytes(i) : bytes(rs.getString(i));
                        if (cell != null) {
                            cells.add(cell);
                        }
                    }
                }
            }
        });
        return cells;
    }

    private static byte[] bytes(String text) {
        return text == null ? null : text.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Whether any cell of a table contains the bytes.
     *
     * @param db the database
     * @param table the table
     * @param needle the bytes
     * @return whether found
     */
    public static boolean anyCellContains(TestDatabase db, String table, byte[] needle) {
        return cells(db, table).stream().anyMatch(cell -> contains(cell, needle));
    }

    /**
     * Whether the bytes occur in the haystack.
     *
     * @param haystack where to look
     * @param needle what to find
     * @return whether found
     */
    public static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
