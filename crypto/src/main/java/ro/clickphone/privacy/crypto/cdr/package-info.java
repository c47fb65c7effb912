/**
 * The CDR pseudonymizer, free of the kit so that stream and batch engines depend on {@code crypto}
 * alone: a record type for the platform's telephony log (which cannot carry SMS text), profiles that
 * say which technique applies to which field, and a thread-safe record-level pseudonymizer. Start at
 * {@link ro.clickphone.privacy.crypto.cdr.CdrProfile}. {@link ro.clickphone.privacy.crypto.cdr.CdrRows}
 * reads and writes records as rows of text cells, the same for the CSV bulk mode (in
 * {@code core.cdr}) and the engine modules.
 */
package ro.clickphone.privacy.crypto.cdr;
