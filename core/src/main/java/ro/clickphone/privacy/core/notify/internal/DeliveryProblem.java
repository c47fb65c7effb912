package ro.clickphone.privacy.core.notify.internal;

import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.notify.DeliveryFailure;

/**
 * Why a {@link MessageOpener} could not prepare a message: the subject has no address for the
 * medium ({@code no-address}), their key was shredded ({@code key-destroyed}), an attachment is gone
 * ({@code attachment-gone}), or something a later try may overcome (a directory down). The
 * dispatcher records it as it records a channel's {@link DeliveryFailure}: a permanent problem makes
 * the message a dead letter at once, a transient one is tried again.
 *
 * <p>The code and message carry no personal data; the code has the syntax of a
 * {@link DeliveryFailure#code()}.
 */
public final class DeliveryProblem extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Whether a later try cannot help. */
    private final boolean permanent;
    /** The cause as a short code. */
    private final String code;

    /**
     * A problem with a message.
     *
     * @param permanent {@code true} if a later try cannot help
     * @param code the cause as a short code, e.g. {@code no-address}: lower-case letters, digits and
     *     {@code . _ -}, at most 64
     * @throws InvalidInputException if the code is null or malformed
     */
    public DeliveryProblem(boolean permanent, String code) {
        super((permanent ? "Permanent" : "Transient") + " delivery problem: " + checked(permanent, code));
        this.permanent = permanent;
        this.code = code;
    }

    private static String checked(boolean permanent, String code) {
        return new DeliveryFailure(permanent, code).code();
    }

    /**
     * Whether a later try cannot help.
     *
     * @return {@code true} for a permanent problem
     */
    public boolean permanent() {
        return permanent;
    }

    /**
     * The cause as a short code.
     *
     * @return the code
     */
    public String code() {
        return code;
    }

    /**
     * The problem as the failure the dispatcher records.
     *
     * @return a failure with the same permanence and code
     */
    public DeliveryFailure asFailure() {
        return new DeliveryFailure(permanent, code);
    }
}
