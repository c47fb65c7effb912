package ro.clickphone.privacy.core.audit;

/**
 * The first place where an audit trail fails verification, and what kind of break it is.
 *
 * @param kind what is wrong
 * @param sequence the sequence number where it is: the edited entry, the first missing one, the
 *     first out of place, the forged checkpoint's, the first entry missing from the tail, or where
 *     the first missing checkpoint was due
 * @param description the break in words, without personal data
 *
 * @since 0.1.0
 */
public record ChainBreak(Kind kind, long sequence, String description) {

    /** The kinds of break the verifier tells apart. */
    public enum Kind {
        /** An entry's fields no longer match its hash: a field, or the hash itself, was changed. */
        EDITED_ENTRY,
        /** An entry is missing: the sequence jumps, and the missing number appears nowhere later. */
        REMOVED_ENTRY,
        /** Entries are out of order: a sequence number appears before or after its place. */
        REORDERED_ENTRIES,
        /** An entry does not point at the hash of the one before it (one was replaced or inserted). */
        BROKEN_LINK,
        /** The entries are self-consistent but disagree with a validly signed checkpoint: rewritten. */
        REWRITTEN_CHAIN,
        /**
         * A checkpoint's signature does not verify under a key the trail trusts for its key id and
         * its time (the signer, or an earlier key within its window).
         */
        FORGED_CHECKPOINT,
        /** Entries the trail has signed or appended are missing from the end. */
        TRUNCATED_TAIL,
        /**
         * A checkpoint that must exist does not: a checkpoint names a predecessor that is not
         * there, or more than two checkpoint intervals pass (from the start, between two version 1
         * checkpoints, or from the last checkpoint to the head) without one. Checkpoints were
         * deleted, or the signer has been failing (then a later checkpoint covers the gap).
         */
        MISSING_CHECKPOINT
    }
}
