/**
 * The CDR pseudonymizer: a record type for the platform's telephony log (which cannot carry SMS
 * text), profiles that say which technique applies to which field, a record-level pseudonymizer and
 * a streaming bulk mode over CSV. Start at {@link ro.clickphone.privacy.crypto.cdr.CdrProfile}.
 */
package ro.clickphone.privacy.crypto.cdr;
