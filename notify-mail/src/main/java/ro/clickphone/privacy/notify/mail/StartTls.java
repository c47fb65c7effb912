package ro.clickphone.privacy.notify.mail;

/**
 * Whether an {@link SmtpChannel} upgrades its connection with STARTTLS.
 *
 * @since 0.1.0
 */
public enum StartTls {

    /**
     * Always: a server that does not offer STARTTLS (or an attacker on the path who strips the
     * offer) gets no message, and the attempt fails transiently with {@code smtp-starttls}. The
     * default.
     */
    REQUIRED,

    /**
     * When the server offers it; otherwise the message goes in clear text. An attacker on the path
     * can remove the offer unseen: use only towards a relay on a trusted network.
     */
    OPTIONAL,

    /** Never: clear text, for a relay on the same host or a test server. */
    OFF;

    /**
     * The setting's word for this mode.
     *
     * @return {@code required}, {@code optional} or {@code off}
     */
    public String settingValue() {
        return switch (this) {
            case REQUIRED -> "required";
            case OPTIONAL -> "optional";
            case OFF -> "off";
        };
    }
}
