/**
 * In-memory implementations of every storage SPI and the {@code Stores}
 * bundle that hands them to a kit ({@code InMemoryStores.create()}), for
 * tests, demos and single-process tools. They keep nothing across restarts; production uses a
 * persistent bundle (the JPA plugin's, once it lands, or your own). JDK only, like the rest of the spi module.
 */
package ro.clickphone.privacy.spi.memory;
