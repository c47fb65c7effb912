/** JMH benchmarks of the engine modules, each beside its baseline in the same run. */
package ro.clickphone.privacy.benchmarks.engines;
