/**
 * The CDR pseudonymizer on Kafka Streams: a processor per task whose ciphers are built in
 * {@code init()}, CDR Serdes (JSON and CSV lines), a dead-letter topic for rejected records that
 * carries the rule they broke and never their values, and a one-line helper that adds the step to
 * a topology. Depends on the crypto module alone; Kafka Streams is the application's.
 */
package ro.clickphone.privacy.kafka;
