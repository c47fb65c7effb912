package ro.clickphone.privacy.notify.mail.internal;

import jakarta.activation.DataSource;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import ro.clickphone.privacy.spi.notify.Attachment;

/**
 * An {@link Attachment} as Jakarta Activation reads it: every {@link #getInputStream()} opens the
 * attachment anew, so its bytes are streamed into the message while it is written and never held
 * whole in memory. A failure to read them surfaces as an {@link AttachmentReadException}.
 */
public final class AttachmentDataSource implements DataSource {

    private final Attachment attachment;

    /**
     * Wraps an attachment.
     *
     * @param attachment the attachment
     */
    public AttachmentDataSource(Attachment attachment) {
        this.attachment = attachment;
    }

    @Override
    public InputStream getInputStream() throws IOException {
        InputStream in;
        try {
            in = attachment.open();
        } catch (IOException | RuntimeException e) {
            throw new AttachmentReadException(e);
        }
        if (in == null) {
            throw new AttachmentReadException(null);
        }
        return new FilterInputStream(in) {
            @Override
            public int read() throws IOException {
                try {
                    return super.read();
                } catch (IOException | RuntimeException e) {
                    throw new AttachmentReadException(e);
                }
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                try {
                    return super.read(b, off, len);
                } catch (IOException | RuntimeException e) {
                    throw new AttachmentReadException(e);
                }
            }
        };
    }

    @Override
    public OutputStream getOutputStream() throws IOException {
        throw new IOException("an attachment is read-only");
    }

    @Override
    public String getContentType() {
        return attachment.contentType();
    }

    @Override
    public String getName() {
        return attachment.fileName();
    }
}
