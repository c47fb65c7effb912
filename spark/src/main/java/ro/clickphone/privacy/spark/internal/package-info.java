/**
 * The Spark module's implementation: the functions Spark serializes to the executors (each holds the
 * spec and nothing secret) and the input schema's checks. Not API.
 */
package ro.clickphone.privacy.spark.internal;
