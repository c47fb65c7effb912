package ro.clickphone.privacy.spi.memory;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.SubjectId;
import ro.clickphone.privacy.spi.account.AccountDirectory;

/**
 * An {@link AccountDirectory} in memory, for tests and demos. Empty by default, so that every
 * delegate is denied until subjects are assigned to accounts.
 *
 * <p>Thread-safe.
 *
 * @since 0.1.0
 */
public final class InMemoryAccountDirectory implements AccountDirectory {

    private static final Pattern ACCOUNT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,63}");

    private final Map<SubjectId, String> accounts = new ConcurrentHashMap<>();

    /** Creates an empty directory. */
    public InMemoryAccountDirectory() {
    }

    /**
     * Records that a subject belongs to an account.
     *
     * @param subject the subject
     * @param account the account id
     * @return this directory
     * @throws InvalidInputException if an argument is null or the account id is malformed
     */
    public InMemoryAccountDirectory assign(SubjectId subject, String account) {
        if (subject == null) {
            throw new InvalidInputException("subject", "must not be null");
        }
        if (account == null || !ACCOUNT.matcher(account).matches()) {
            throw new InvalidInputException("account", "must be an account id (letters, digits, . _ : -; at most 64)");
        }
        accounts.put(subject, account);
        return this;
    }

    @Override
    public Optional<String> accountOf(SubjectId subject) {
        return subject == null ? Optional.empty() : Optional.ofNullable(accounts.get(subject));
    }

    @Override
    public String toString() {
        return "InMemoryAccountDirectory[" + accounts.size() + " subjects]";
    }
}
