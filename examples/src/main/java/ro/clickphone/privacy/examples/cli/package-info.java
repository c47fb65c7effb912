/**
 * {@code clickphone-privacy}, the command-line tool: pseudonymize CDR files, print the record of
 * processing, validate a policy, verify the audit trail and consent receipts, rotate and rewrap keys,
 * list incident deadlines. Built with picocli; packaged as {@code examples/target/clickphone-privacy.jar}.
 */
package ro.clickphone.privacy.examples.cli;
