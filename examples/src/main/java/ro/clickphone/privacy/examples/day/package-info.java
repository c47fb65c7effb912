/**
 * "A day at ClickPhone": the runnable program that plays one day of the ClickPhone platform through every
 * capability of the SDK, on an embedded H2 file database (or PostgreSQL, MariaDB) through Hibernate and the JPA
 * plugin. {@link ro.clickphone.privacy.examples.day.DayAtClickPhone} is the entry point; its
 * {@link ro.clickphone.privacy.examples.day.DayReport} holds each step's typed outcome.
 */
package ro.clickphone.privacy.examples.day;
