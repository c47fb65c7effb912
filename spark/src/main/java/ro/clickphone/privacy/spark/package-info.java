/**
 * The CDR pseudonymizer on Apache Spark: SQL UDFs and a Dataset API built from a serializable
 * spec.
 */
package ro.clickphone.privacy.spark;
