/**
 * JMH benchmarks of the SDK's public API, each beside its raw baseline in the same run. Results and
 * the commands that produced them are in {@code docs/PERFORMANCE.md}.
 */
package ro.clickphone.privacy.benchmarks;
