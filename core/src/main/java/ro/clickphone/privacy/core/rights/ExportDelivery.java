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
 * An export may fail half-way (a source fails; the kit then retries it whole). The stream {@link #open}
 * returns must implement {@link Completion}: the kit calls {@link Completion#complete()} after the last
 * byte of a whole document and before {@code close()}; a stream closed without it holds a failed
 * attempt and must throw it away. The kit refuses, before writing a byte, a stream that does not
 * implement {@link Completion} (a wrapper such as a {@code BufferedOutputStream} around the delivery's
 * stream would otherwise lose the signal, and a whole export would never be published). The
 * deliveries made here publish nothing else: the file appears, atomically, only when a whole
 * document was written.
 *
 * <h2>Encrypted delivery</h2>
 * {@link #encryptedToDirectory} encrypts the document with AES-256-GCM (JCE) under a key derived with
 * PBKDF2-HMAC-SHA256 from a random passphrase of 160 bits, which the kit hands to a
 * {@link PassphraseHandoff} for delivery through another channel than the file (a text message, a
 * letter, the account's page). The subject opens the file with {@link #decrypt}, or with the Python
 * script {@code docs/open-export.py} (about thirty lines; its logic, five lines for any language with
 * AES-GCM and PBKDF2, is in {@code docs/EXPORT-FORMAT.md}); a file altered in any byte does not open.
 *
 * <p><b>Security guarantees.</b> Without the passphrase the encrypted file reveals nothing of the
 * document but its length (GCM is length-preserving: the file is the document's size plus 58 bytes).
 * A change to any byte, a truncation or an appended byte makes {@link #decrypt} and the script fail,
 * with one message whatever went wrong. Each attempt has its own passphrase, salt and nonce. The
 * passphrase is handed off before the file is published: if the handoff fails, the previous file
 * stays, and no file is ever published whose passphrase was not handed off.
 *
 * <p><b>Warning.</b> The passphrase is the only key: whoever reads the channel it is handed off on
 * (the SMS, the letter) and the file opens it, so hand it off on a channel the subject alone reads,
 * and never next to the file. The protection is the passphrase's 160 random bits; PBKDF2's cost is a
 * margin, not the defence, and a passphrase a person chose instead would void it. {@link
 * #toDirectory} writes the subject's data in clear: its directory's access control is the only
 * protection at rest. The kit wipes its own copies of the passphrase and key bytes, but the JCE keeps
 * copies of the derived key it does not let us clear until they are garbage-collected.
 *
 * @since 0.1.0
 */
public interface ExportDelivery {

    /**
     * Opens the stream one request's export is written to. The kit writes the document, calls
     * {@link Completion#complete()} when the document is whole, and closes the stream (also after a
     * failure).
     *
     * @param request the access or portability request
     * @return the stream, for one thread; it must implement {@link Completion}, or the kit refuses it
     * @throws IOException if the stream cannot be opened
     */
    OutputStream open(RequestRecord request) throws IOException;

    /**
     * Writes each export to {@code <dir>/<request id>.json}, in UTF-8: to a temporary file in
     * {@code dir} first ({@code .export-*.part}, readable by its owner only where the file system has
     * POSIX permissions), synced, moved atomically to its name when the document is whole (a file
     * system that cannot move atomically fails the export rather than publish a half-copied file) and
     * the directory synced; deleted otherwise. Temporary files a crashed process left behind are
     * deleted by a later {@code open} once untouched for an hour. A second export of the same request
     * replaces the first.
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
     * written and synced, and before it is published, the passphrase goes to {@code handoff}, which
     * delivers it to the subject through another channel; the file is published when {@code handoff}
     * returns, and the kit wipes the array. Nothing is handed off for a failed attempt; one target's
     * handoff and publication are serialized, so the passphrase handed off last opens the file in
     * place. The format is in {@code docs/EXPORT-FORMAT.md}.
     *
     * @param dir an existing directory
     * @param handoff delivers the passphrase; an exception from it fails the stream's {@code close()},
     *     the new file is deleted and the previous one stays (the kit then retries the export, with a
     *     new passphrase)
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
     * @param passphrase the passphrase as handed off or typed: case, hyphens and spaces do not matter,
     *     and {@code O}, {@code I}, {@code L} are read as {@code 0}, {@code 1}, {@code 1} (Crockford)
     * @return the JSON document
     * @throws InvalidInputException if an argument is null
     * @throws IntegrityException if the file is not an encrypted export, was altered or truncated, or
     *     the passphrase is wrong, with one message for all (the cipher cannot tell the last two apart,
     *     and the API tells none apart)
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
         * Delivers the passphrase of one request's export file, which is written and synced when this
         * is called and published (moved to its name) when this returns. If this throws, the file is
         * deleted and the previous export of the request stays. If publishing fails after this
         * returned, the stream's {@code close()} throws and the kit retries with a new passphrase: the
         * one handed off then opens nothing, so the subject should use the last one received. The
         * array is wiped when this returns: send it, never log or store it.
         *
         * @param request the request whose export it opens
         * @param passphrase the passphrase
         */
        void deliver(RequestRecord request, char[] passphrase);
    }
}
