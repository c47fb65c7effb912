package ro.clickphone.privacy.core.policy;

import java.util.Optional;

/**
 * A contact point named by the policy: the data protection officer, the supervisory authority.
 *
 * @param name the person's or body's name
 * @param email the e-mail address, if any
 * @param phone the telephone number, if any
 * @param web the web site, if any
 *
 * @since 0.1.0
 */
public record Contact(String name, Optional<String> email, Optional<String> phone, Optional<String> web) {
}
