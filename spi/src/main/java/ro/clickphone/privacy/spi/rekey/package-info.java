/**
 * Moving stored values to the current key version in batches: {@link
 * ro.clickphone.privacy.spi.rekey.RekeySource}, what the system that owns a column offers a re-index or
 * re-encryption job (ordered pages of rows, a conditional update, a count), and {@link
 * ro.clickphone.privacy.spi.rekey.JobCheckpointStore}, where such a job records how far it got so that a
 * crash resumes where it stopped. The jobs themselves are in core ({@code core.rekey}).
 */
package ro.clickphone.privacy.spi.rekey;
