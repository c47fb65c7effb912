/**
 * The implementation of {@code kit.rights()}: the engine that carries requests through their
 * lifecycle and fans them out to the sources, the export writer and the eraser. Not API: the module
 * does not export this package.
 */
package ro.clickphone.privacy.core.rights.internal;
