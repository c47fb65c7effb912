package ro.clickphone.privacy.core.notify;

import ro.clickphone.privacy.spi.InvalidInputException;

/**
 * How the kit delivers notifications: the dispatcher's tries, back-off, time-outs and lease, and
 * whether it starts delivering in the background when the kit is built.
 *
 * <pre>{@code
 * PrivacyKit.builder()...
 *         .channel(smtp)
 *         .notifications(NotificationSettings.defaults().withDispatch(DispatchSettings.defaults().withMaxAttempts(8)))
 *         .build();
 * }</pre>
 *
 * <p>With {@code autoStart} off, nothing is delivered until {@link Notifications#dispatchPending()}
 * runs a pass: for tests, a program on a fixed clock, or an application that runs passes from its
 * own scheduler.
 *
 * @param dispatch the dispatcher's settings
 * @param autoStart whether {@code build()} starts background delivery ({@code kit.close()} stops it)
 *
 * @since 0.1.0
 */
public record NotificationSettings(DispatchSettings dispatch, boolean autoStart) {

    /**
     * Validates the components.
     *
     * @param dispatch the dispatcher's settings
     * @param autoStart whether delivery starts with the kit
     * @throws InvalidInputException if {@code dispatch} is null
     */
    public NotificationSettings {
        if (dispatch == null) {
            throw new InvalidInputException("notifications.dispatch", "must not be null");
        }
    }

    /**
     * {@link DispatchSettings#defaults()}, delivering in the background from the kit's start.
     *
     * @return the settings
     */
    public static NotificationSettings defaults() {
        return new NotificationSettings(DispatchSettings.defaults(), true);
    }

    /**
     * These settings with other dispatcher settings.
     *
     * @param settings the dispatcher's settings
     * @return a new value
     * @throws InvalidInputException if {@code settings} is null
     */
    public NotificationSettings withDispatch(DispatchSettings settings) {
        return new NotificationSettings(settings, autoStart);
    }

    /**
     * These settings with background delivery on or off.
     *
     * @param start whether {@code build()} starts background delivery
     * @return a new value
     */
    public NotificationSettings withAutoStart(boolean start) {
        return new NotificationSettings(dispatch, start);
    }
}
