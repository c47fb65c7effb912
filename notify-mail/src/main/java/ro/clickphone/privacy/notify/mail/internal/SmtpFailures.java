package ro.clickphone.privacy.notify.mail.internal;

import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.IdentityHashMap;
import java.util.Map;
import javax.net.ssl.SSLException;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPSenderFailedException;
import org.eclipse.angus.mail.util.MailConnectException;
import ro.clickphone.privacy.spi.notify.DeliveryFailure;

/**
 * Turns what Jakarta Mail throws into a {@link DeliveryFailure} with a short code; the exception's
 * message, which often quotes the server's reply and so the recipient's address, is never used.
 *
 * <ul>
 *   <li>the server refused the sender, the recipient or the message (MAIL, RCPT, DATA) with a 5xx
 *       reply: permanent, {@code smtp-550} and the like;</li>
 *   <li>the same with a 4xx reply: transient, {@code smtp-451} and the like;</li>
 *   <li>no connection, a time-out, a TLS failure, a refused login, a server without STARTTLS when
 *       it is required, a reply without a code: transient ({@code smtp-connect},
 *       {@code smtp-timeout}, {@code smtp-tls}, {@code smtp-auth}, {@code smtp-starttls},
 *       {@code smtp-io}, {@code smtp-error}): the message itself may well be deliverable later;</li>
 *   <li>an attachment that could not be read while sending: transient, {@code attachment-unreadable}.</li>
 * </ul>
 */
public final class SmtpFailures {

    private static final int MAX_DEPTH = 32;

    private SmtpFailures() {
    }

    /**
     * Classifies a failure.
     *
     * @param failure what Jakarta Mail threw
     * @param messagePhase {@code true} if it was thrown while sending (MAIL, RCPT, DATA), where a
     *     reply code speaks of this message; {@code false} while connecting (greeting, EHLO,
     *     STARTTLS, AUTH), where it speaks of the connection
     * @return the failure
     */
    public static DeliveryFailure classify(Exception failure, boolean messagePhase) {
        Map<Throwable, Boolean> seen = new IdentityHashMap<>();
        Throwable t = failure;
        Integer replyCode = null;
        String cause = null;
        boolean startTls = false;
        boolean io = false;
        for (int depth = 0; t != null && depth < MAX_DEPTH && seen.put(t, Boolean.TRUE) == null; depth++) {
            if (t instanceof AttachmentReadException) {
                return DeliveryFailure.transientFailure("attachment-unreadable");
            }
            if (replyCode == null) {
                replyCode = replyCode(t);
            }
            if (cause == null) {
                cause = cause(t);
            }
            if (t instanceof MessagingException && !(t instanceof AuthenticationFailedException)
                    && t.getMessage() != null && t.getMessage().contains("STARTTLS")) {
                // Angus Mail names no type for "STARTTLS is required but host does not support STARTTLS"
                startTls = true;
            }
            io |= t instanceof IOException;
            t = next(t);
        }
        if (replyCode != null && messagePhase) {
            String code = "smtp-" + replyCode;
            return replyCode >= 500 ? DeliveryFailure.permanentFailure(code) : DeliveryFailure.transientFailure(code);
        }
        if (cause != null) {
            return DeliveryFailure.transientFailure(cause);
        }
        if (startTls) {
            return DeliveryFailure.transientFailure("smtp-starttls");
        }
        if (replyCode != null) {
            return DeliveryFailure.transientFailure("smtp-" + replyCode);
        }
        return DeliveryFailure.transientFailure(io ? "smtp-io" : "smtp-error");
    }

    private static Integer replyCode(Throwable t) {
        int code;
        if (t instanceof SMTPAddressFailedException a) {
            code = a.getReturnCode();
        } else if (t instanceof SMTPSenderFailedException s) {
            code = s.getReturnCode();
        } else if (t instanceof SMTPSendFailedException s) {
            code = s.getReturnCode();
        } else {
            return null;
        }
        return code >= 400 && code <= 599 ? code : null;
    }

    private static String cause(Throwable t) {
        if (t instanceof SocketTimeoutException) {
            return "smtp-timeout";
        }
        if (t instanceof SSLException) {
            return "smtp-tls";
        }
        if (t instanceof AuthenticationFailedException) {
            return "smtp-auth";
        }
        if (t instanceof MailConnectException || t instanceof ConnectException || t instanceof UnknownHostException
                || t instanceof NoRouteToHostException) {
            return "smtp-connect";
        }
        return null;
    }

    private static Throwable next(Throwable t) {
        if (t instanceof MessagingException m && m.getNextException() != null) {
            return m.getNextException();
        }
        return t.getCause();
    }
}
