/**
 * The CDR pseudonymizer on Apache Spark: SQL UDFs ({@code pseudo_phone}, {@code pseudo_ip},
 * {@code generalize_time}) and a Dataset API that builds its ciphers once per partition from a
 * serializable {@code PseudonymizationSpec}; no raw key byte enters a closure or a broadcast.
 * Depends on the crypto module alone; Spark is the cluster's.
 */
package ro.clickphone.privacy.spark;
