package ro.clickphone.privacy.core.rekey;

import ro.clickphone.privacy.spi.rekey.RekeyRow;

/** What a kind of job does with one row: the part that differs between a re-index and a re-encryption. */
interface Rekeyer {

    /**
     * What to do with a row.
     *
     * @param row the row as read, with its plaintext when the source gives one
     * @return the decision; exceptions that concern the whole job (store, key-encryption key, policy) escape
     */
    Decision decide(RekeyRow row);

    /**
     * Whether a row, read without its plaintext, holds a value not under the current version.
     *
     * @param row the row
     * @return true if it still has to move
     */
    boolean stale(RekeyRow row);

    /**
     * The outcome for one row.
     *
     * @param kind what to do
     * @param replacement the new column value for {@link Kind#MOVE}, else null
     */
    record Decision(Kind kind, String replacement) {

        static final Decision CURRENT = new Decision(Kind.CURRENT, null);
        static final Decision FAILED = new Decision(Kind.FAILED, null);

        static Decision move(String replacement) {
            return new Decision(Kind.MOVE, replacement);
        }

        @Override
        public String toString() {
            return "Decision[" + kind + "]";
        }
    }

    /** The outcomes. */
    enum Kind {
        /** Under the current version already (or nothing to move). */
        CURRENT,
        /** Cannot be moved: unreadable, refused, malformed. */
        FAILED,
        /** Replace the column with the decision's value. */
        MOVE
    }
}
