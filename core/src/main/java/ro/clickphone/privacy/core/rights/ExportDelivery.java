package ro.clickphone.privacy.core.rights;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;

import ro.clickphone.privacy.core.rights.internal.DirectoryDelivery;
import ro.clickphone.privacy.core.rights.internal.ExportCipher;
import ro.clickphone.privacy.spi.IntegrityException;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.rights.RequestRecord;

/**
 * Where an access or portability export is written: the kit streams one JSON document (its format in
 * {@code docs/EXPORT-FORMAT.md}) into the stream {@link #open} returns, and closes it.
 *
 * <h2>Whole documents only</h2>
 * An export may fail half-way (a source fails; the kit then retries it whole). A stream that also
 * implements {@link Completion} is told when the document is whole: the kit calls
 * {@link Completion#complete()} after its last byte and before {@code close()}; a stream closed without
 * it holds a failed attempt and must throw it away. The deliveries made here publish nothing
 * else: the file appears, atomically, only when a whole document was written. A delivery of your own
 * that does not implement {@link Completion} must itself tell a whole document from a failed one
 * (a whole one ends with its {@code "summary"} member and closes its top-level object).
 *
 * <h2>Encrypted delivery</h2>
 * {@link #encryptedToDirectory} encrypts the document with AES-256-GCM (JCE) under a key derived with
 * PBKDF2-HMAC-SHA256 from a random passphrase of 160 bits, which the kit hands to a
 * {@link PassphraseHandoff} for delivery through another channel than the file (a text message, a
 * letter, the account's page). The subject opens the file with {@link #decrypt}, or with the
 * ten-line script given in {@code docs/EXPORT-FORMAT.md}; a file altered in any byte does not open.
 *
 * @since 0.1.0
 */
public interface ExportDelivery {

    /**
     * Opens the stream one request's export is written to. The kit writes the document, calls
     * {@link Completion#complete()} when the stream is a {@link Completion} and the document is whole,
     * and closes the stream (also after a failure).
     *
     * @param request the access or portability request
     * @return the stream, for one thread
     * @throws IOException if the stream cannot be opened
     */
    OutputStream open(RequestRecord request) throws IOException;

    /**
     * Writes each export to {@code <dir>/<request id>.json}, in UTF-8: to a temporary file in
     * {@code dir} first (readable by its owner only where the file system has POSIX permissions),
     * moved atomically to its name when the document is whole, deleted otherwise. A second export of
     * the same request replaces the first.
     *
     * @param dir an existing directory
     * @return the delivery
     * @throws InvalidInputException if {@code dir} is null or not a directory
     */
    static ExportDelivery toDirectory(Path dir) {
        return new DirectoryDelivery(dir, null);
    }

    /**
     * As {@link #toDirectory}, encrypted for delivery: writes {@code <dir>/<request id>.json.enc}, the
     * document encrypted with AES-256-GCM under a key derived by PBKDF2-HMAC-SHA256 from a fresh random
     * passphrase (32 characters of Crockford's base-32 in groups of four, 160 bits). Once the file is
     * in place, the passphrase goes to {@code handoff}, which delivers it to the subject through another
     * channel; the kit wipes the array when {@code handoff} returns. Nothing is handed off for a failed
     * attempt. The format is in {@code docs/EXPORT-FORMAT.md}.
     *
     * @param dir an existing directory
     * @param handoff delivers the passphrase; an exception from it fails the stream's {@code close()}
     *     (the kit then retries the export, with a new passphrase)
     * @return the delivery
     * @throws InvalidInputException if an argument is null or {@code dir} is not a directory
     */
    static ExportDelivery encryptedToDirectory(Path dir, PassphraseHandoff handoff) {
        if (handoff == null) {
            throw new InvalidInputException("handoff", "must not be null");
        }
        return new DirectoryDelivery(dir, handoff);
    }

    /**
     * Opens an encrypted export ({@link #encryptedToDirectory}): checks the whole file and returns the
     * document. It reads the whole file into memory (the cipher releases nothing before the file's
     * tag verified), so it is for the subject's side and for support staff, not for the kit's hot path.
     *
     * @param encrypted the encrypted file's bytes; read to its end, not closed
     * @param passphrase the passphrase exactly as handed off (with its hyphens)
     * @return the JSON document
     * @throws InvalidInputException if an argument is null
     * @throws IntegrityException if the file is not an encrypted export, was altered or truncated, or
     *     the passphrase is wrong (the cipher cannot tell these apart)
     * @throws IOException if reading fails
     */
    static InputStream decrypt(InputStream encrypted, char[] passphrase) throws IOException {
        return ExportCipher.decrypt(encrypted, passphrase);
    }

    /**
     * A delivery stream that publishes only whole documents: see "Whole documents only" above.
     *
     * @since 0.1.0
     */
    interface Completion {

        /**
         * Marks the document as whole: its last byte was written. The stream publishes it when it is
         * closed; a stream closed without this call throws what it holds away.
         *
         * @throws IOException if the stream cannot take the mark (it is closed)
         */
        void complete() throws IOException;
    }

    /**
     * Delivers an encrypted export's passphrase to the subject through another channel than the file.
     *
     * @since 0.1.0
     */
    @FunctionalInterface
    interface PassphraseHandoff {

        /**
         * Delivers the passphrase of one request's export file, which is in place when this is called.
         * The array is wiped when this returns: send it, never log or store it.
         *
         * @param request the request whose export it opens
         * @param passphrase the passphrase
         */
        void deliver(RequestRecord request, char[] passphrase);
    }
}
