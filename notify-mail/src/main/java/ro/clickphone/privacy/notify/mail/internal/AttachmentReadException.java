package ro.clickphone.privacy.notify.mail.internal;

import java.io.IOException;

/**
 * An attachment's content could not be read (opened, decrypted) while the message was written: it
 * tells such a failure apart from one of the file system or the network. Its message names no file
 * and no content; the original failure is kept as the cause for a debugger only.
 */
public final class AttachmentReadException extends IOException {

    private static final long serialVersionUID = 1L;

    /**
     * Wraps a read failure.
     *
     * @param cause the attachment's own failure
     */
    public AttachmentReadException(Throwable cause) {
        super("an attachment could not be read", cause);
    }
}
