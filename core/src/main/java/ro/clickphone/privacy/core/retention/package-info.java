/**
 * Retention: tags on records with their disposal dates (or the event they wait for), legal holds,
 * and the sweeper that disposes of due records through the sources that own them. Reached through
 * {@code kit.retention()}.
 */
package ro.clickphone.privacy.core.retention;
