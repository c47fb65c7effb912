package ro.clickphone.privacy.core.notify.internal;

/**
 * A rendered message, before it is sealed into the outbox. {@link #toString()} prints the language only.
 *
 * @param language the language it is written in
 * @param from the sender's address, from the policy
 * @param subjectLine the subject line
 * @param body the plain-text body
 */
public record RenderedMessage(String language, String from, String subjectLine, String body) {

    @Override
    public String toString() {
        return "RenderedMessage[language=" + language + "]";
    }
}
