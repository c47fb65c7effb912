/**
 * Resumable batch jobs that move stored values to the current key version through the source that owns
 * them: {@link ro.clickphone.privacy.core.rekey.ReindexJob} for blind-index and deterministic columns after a
 * search-key rotation, {@link ro.clickphone.privacy.core.rekey.ReencryptJob} for field ciphertexts after data
 * keys were rotated. Both checkpoint after every committed batch ({@code spi.rekey.JobCheckpointStore}),
 * resume after a crash without skipping a row, report {@link ro.clickphone.privacy.core.rekey.RekeyProgress},
 * and retire an old version only once no row of their source holds it.
 */
package ro.clickphone.privacy.core.rekey;
