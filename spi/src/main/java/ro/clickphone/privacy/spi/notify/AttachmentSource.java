package ro.clickphone.privacy.spi.notify;

import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import ro.clickphone.privacy.spi.SubjectId;

/**
 * Opens the attachments the outbox refers to ({@link AttachmentRef}), at delivery time only: the
 * outbox never holds attachment bytes. A voicemail source opens the recording as it is kept — in
 * the kit's stream-encrypted form — and the kit decrypts it while the channel reads it.
 *
 * <h2>Contract</h2>
 * <ul>
 *   <li>Each call opens a new stream from the beginning; the caller closes it.</li>
 *   <li>An attachment that no longer exists (erased, disposed of) is {@link Optional#empty()}: the
 *       message fails permanently. An {@link IOException} is transient: the dispatcher tries again.</li>
 *   <li>Safe for concurrent use. Messages never carry the id or the subject.</li>
 * </ul>
 *
 * @since 0.1.0
 */
public interface AttachmentSource {

    /**
     * The source's id, named by {@link AttachmentRef#source()}: a lower-case name such as {@code voicemail}.
     *
     * @return the id
     */
    String id();

    /**
     * Opens one attachment of a subject.
     *
     * @param subject the subject the message is for (the source may check the attachment is theirs)
     * @param attachmentId the {@link AttachmentRef#id()}
     * @return the bytes as stored, or empty if the attachment is gone
     * @throws IOException if it cannot be read now
     */
    Optional<InputStream> open(SubjectId subject, String attachmentId) throws IOException;
}
