/**
 * The plumbing the example program and the command-line tool share: opening a database with the JPA
 * plugin's migrations applied.
 */
package ro.clickphone.privacy.examples.support;
