/**
 * The Kafka Streams module's implementation: the processor, the cell and dead-letter codecs and the
 * Serdes behind {@link ro.clickphone.privacy.kafka.CdrSerdes}. Not API.
 */
package ro.clickphone.privacy.kafka.internal;
