/**
 * In-memory implementations of the storage SPIs, for tests, demos and single-process tools. They
 * keep nothing across restarts; production uses a persistent plugin such as the JPA stores.
 */
package ro.clickphone.privacy.core.store;
