/**
 * The CDR pseudonymizer on Kafka Streams: a processor per task whose ciphers are built in
 * {@code init()} from a {@link ro.clickphone.privacy.crypto.cdr.PseudonymizationSpec}
 * ({@link ro.clickphone.privacy.kafka.CdrProcessorSupplier}), CDR Serdes for CSV lines and JSON
 * ({@link ro.clickphone.privacy.kafka.CdrSerdes}), a dead-letter topic for rejected records that
 * carries where they are and the rule they broke and never their values or keys
 * ({@link ro.clickphone.privacy.kafka.DeadLetter}), and a one-line helper that adds the step to a
 * topology ({@link ro.clickphone.privacy.kafka.CdrTopology}). The input key, which a producer may
 * have set to a phone number, is never copied unless asked ({@link ro.clickphone.privacy.kafka.OutputKey}).
 * Depends on the crypto module, commons-csv and jackson-core (its streaming parser and generator);
 * Kafka Streams is the application's.
 */
package ro.clickphone.privacy.kafka;
