/**
 * The bulk mode of the CDR pseudonymizer: streaming, multi-threaded CSV in and out (Apache Commons
 * CSV), with a report of rejected rows. The record model and the pseudonymizer itself stay kit-free
 * in {@link ro.clickphone.privacy.crypto.cdr}.
 */
package ro.clickphone.privacy.core.cdr;
