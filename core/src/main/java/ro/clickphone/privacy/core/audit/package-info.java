/**
 * The tamper-evident audit trail: append-only, hash-chained entries with signed checkpoints, and a
 * verifier that finds and locates an edited, removed or reordered entry, a forged checkpoint or a
 * truncated tail. Entries carry keyed pseudonyms of subjects, never raw personal data. The entry
 * encoding is documented in {@code docs/FORMAT.md}.
 */
package ro.clickphone.privacy.core.audit;
