package ro.clickphone.privacy.notify.mail;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import ro.clickphone.privacy.notify.mail.internal.BadAddressException;
import ro.clickphone.privacy.notify.mail.internal.MailMessages;
import ro.clickphone.privacy.notify.mail.internal.Settings;
import ro.clickphone.privacy.spi.ConfigurationException;
import ro.clickphone.privacy.spi.Names;
import ro.clickphone.privacy.spi.SecretBytes;

/**
 * How an {@link SmtpChannel} reaches its server: host and port, credentials, STARTTLS, time-outs,
 * an optional trust store, and how many idempotency keys it remembers. Immutable and thread-safe.
 *
 * <pre>{@code
 * SmtpSettings settings = SmtpSettings.builder("smtp.clickphone.ro")
 *         .port(587)
 *         .credentials("notify", SecretBytes.copyOf(passwordBytes))
 *         .startTls(StartTls.REQUIRED)
 *         .build();
 * }</pre>
 *
 * <p>The same settings as the {@code smtp} provider reads them ({@link #fromMap(Map)}):
 * {@code host} (required), {@code port} (587), {@code username}, {@code password},
 * {@code starttls} ({@code required}, {@code optional} or {@code off}; {@code required}),
 * {@code connect-timeout} (10s), {@code read-timeout} (30s; also bounds each write),
 * {@code from-override}, {@code truststore} and {@code truststore-password} (a PKCS#12 or JKS file
 * of the certificates to trust instead of the JVM's), {@code ehlo-name} ({@code localhost}),
 * {@code remembered-keys} (10000), {@code plaintext-auth} ({@code refuse} or {@code allow};
 * {@code refuse}) and {@code id} ({@code smtp}).
 *
 * <p>{@link #toString()} prints neither the password nor the user name.
 *
 * @since 0.1.0
 */
public final class SmtpSettings {

    /** The settings the {@code smtp} provider reads. */
    static final Set<String> KEYS = Set.of("host", "port", "username", "password", "starttls", "connect-timeout",
            "read-timeout", "from-override", "truststore", "truststore-password", "ehlo-name", "remembered-keys",
            "plaintext-auth", "id");

    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9.-]{0,251}[A-Za-z0-9])?|\\[[0-9A-Fa-f:.]{2,45}]");
    private static final Duration MAX_TIMEOUT = Duration.ofMinutes(10);

    private final String id;
    private final String host;
    private final int port;
    private final String username;
    private final SecretBytes password;
    private final StartTls startTls;
    private final Duration connectTimeout;
    private final Duration readTimeout;
    private final String fromOverride;
    private final Path trustStore;
    private final char[] trustStorePassword;
    private final String ehloName;
    private final int rememberedKeys;
    private final boolean plaintextAuth;

    private SmtpSettings(Builder b) {
        this.id = b.id == null ? "smtp" : b.id;
        this.host = b.host;
        this.port = b.port == null ? 587 : b.port;
        this.username = b.username;
        this.password = b.password;
        this.startTls = b.startTls == null ? StartTls.REQUIRED : b.startTls;
        this.connectTimeout = b.connectTimeout == null ? Duration.ofSeconds(10) : b.connectTimeout;
        this.readTimeout = b.readTimeout == null ? Duration.ofSeconds(30) : b.readTimeout;
        this.fromOverride = b.fromOverride;
        this.trustStore = b.trustStore;
        this.trustStorePassword = b.trustStorePassword;
        this.ehloName = b.ehloName == null ? "localhost" : b.ehloName;
        this.rememberedKeys = b.rememberedKeys == null ? 10_000 : b.rememberedKeys;
        this.plaintextAuth = b.plaintextAuth != null && b.plaintextAuth;
    }

    /**
     * Starts settings for a server.
     *
     * @param host the server's host name or IP literal (an IPv6 one in brackets)
     * @return a builder
     * @throws ConfigurationException if the host is null or malformed
     */
    public static Builder builder(String host) {
        return new Builder(host);
    }

    /**
     * Reads the {@code smtp} provider's settings (see the type's description for the keys).
     *
     * @param settings the settings, keys without the provider's prefix
     * @return the settings
     * @throws ConfigurationException if a key is unknown, a required one is missing or a value is
     *     malformed; the message names the key, never a value
     */
    public static SmtpSettings fromMap(Map<String, String> settings) {
        Settings s = Settings.of("smtp", settings, KEYS);
        Builder b = builder(s.required("host"));
        s.optional("id").ifPresent(b::id);
        b.port(s.integer("port", 587, 1, 65_535));
        Optional<String> user = s.optional("username");
        Optional<String> pass = s.raw("password");
        if (user.isPresent() != pass.isPresent()) {
            throw new ConfigurationException("the smtp channel needs 'username' and 'password' together, or neither");
        }
        if (user.isPresent()) {
            byte[] bytes = pass.get().getBytes(StandardCharsets.UTF_8);
            b.credentials(user.get(), SecretBytes.copyOf(bytes));
            Arrays.fill(bytes, (byte) 0);
        }
        b.startTls(StartTls.valueOf(s.choice("starttls", "required", Set.of("required", "optional", "off"))
                .toUpperCase(Locale.ROOT)));
        b.connectTimeout(s.duration("connect-timeout", Duration.ofSeconds(10), MAX_TIMEOUT));
        b.readTimeout(s.duration("read-timeout", Duration.ofSeconds(30), MAX_TIMEOUT));
        s.optional("from-override").ifPresent(b::fromOverride);
        Optional<String> store = s.optional("truststore");
        Optional<String> storePassword = s.raw("truststore-password");
        if (store.isPresent()) {
            b.trustStore(Path.of(store.get()), storePassword.map(String::toCharArray).orElse(new char[0]));
        } else if (storePassword.isPresent()) {
            throw new ConfigurationException("the smtp channel's 'truststore-password' needs a 'truststore'");
        }
        s.optional("ehlo-name").ifPresent(b::ehloName);
        b.rememberedKeys(s.integer("remembered-keys", 10_000, 1, 1_000_000));
        b.plaintextAuth("allow".equals(s.choice("plaintext-auth", "refuse", Set.of("refuse", "allow"))));
        return b.build();
    }

    /**
     * The channel's id.
     *
     * @return the id, {@code smtp} unless set
     */
    public String id() {
        return id;
    }

    /**
     * The server's host.
     *
     * @return the host
     */
    public String host() {
        return host;
    }

    /**
     * The server's port.
     *
     * @return the port, 587 unless set
     */
    public int port() {
        return port;
    }

    /**
     * The user name to log in with.
     *
     * @return the user name, or empty if the channel does not log in
     */
    public Optional<String> username() {
        return Optional.ofNullable(username);
    }

    /**
     * The password, only to log in. Package-private: it leaves this module through no accessor.
     *
     * @return the password, or null
     */
    SecretBytes password() {
        return password;
    }

    /**
     * Whether STARTTLS is required, used when offered, or never used.
     *
     * @return the mode, {@link StartTls#REQUIRED} unless set
     */
    public StartTls startTls() {
        return startTls;
    }

    /**
     * How long a connection may take to open.
     *
     * @return the time-out, 10 seconds unless set
     */
    public Duration connectTimeout() {
        return connectTimeout;
    }

    /**
     * How long one read from (or write to) the server may take.
     *
     * @return the time-out, 30 seconds unless set
     */
    public Duration readTimeout() {
        return readTimeout;
    }

    /**
     * The address every message is sent from instead of its own (for a relay that accepts one
     * sender only).
     *
     * @return the address, or empty to keep each message's own
     */
    public Optional<String> fromOverride() {
        return Optional.ofNullable(fromOverride);
    }

    /**
     * The file of certificates trusted for STARTTLS instead of the JVM's.
     *
     * @return the file, or empty for the JVM's trust store
     */
    public Optional<Path> trustStore() {
        return Optional.ofNullable(trustStore);
    }

    /**
     * The trust store's password, to open it. Package-private.
     *
     * @return a copy of the password
     */
    char[] trustStorePassword() {
        return trustStorePassword == null ? new char[0] : trustStorePassword.clone();
    }

    /**
     * The name the channel gives itself in EHLO. Set it, rather than let Jakarta Mail look the
     * local host's name up in DNS.
     *
     * @return the name, {@code localhost} unless set
     */
    public String ehloName() {
        return ehloName;
    }

    /**
     * How many idempotency keys the channel remembers (with their receipt) to refuse a second
     * delivery of the same message.
     *
     * @return the number, 10000 unless set
     */
    public int rememberedKeys() {
        return rememberedKeys;
    }

    /**
     * Whether credentials may be sent over a connection that STARTTLS did not protect.
     *
     * @return {@code false} unless allowed
     */
    public boolean plaintextAuth() {
        return plaintextAuth;
    }

    @Override
    public String toString() {
        return "SmtpSettings[id=" + id + ", host=" + host + ", port=" + port + ", starttls=" + startTls.settingValue()
                + ", login=" + (username != null) + ", connectTimeout=" + connectTimeout + ", readTimeout=" + readTimeout
                + ", trustStore=" + (trustStore != null) + ", rememberedKeys=" + rememberedKeys + "]";
    }

    /**
     * Builds {@link SmtpSettings}: each setter checks its argument at once and may be called once.
     *
     * @since 0.1.0
     */
    public static final class Builder {

        private final String host;
        private String id;
        private Integer port;
        private String username;
        private SecretBytes password;
        private StartTls startTls;
        private Duration connectTimeout;
        private Duration readTimeout;
        private String fromOverride;
        private Path trustStore;
        private char[] trustStorePassword;
        private String ehloName;
        private Integer rememberedKeys;
        private Boolean plaintextAuth;

        private Builder(String host) {
            if (host == null || !HOST.matcher(host).matches()) {
                throw new ConfigurationException("the smtp channel's 'host' must be a host name or an IP literal");
            }
            this.host = host;
        }

        /**
         * The channel's id, when a kit has more than one SMTP channel.
         *
         * @param id a lower-case name: a-z first, then a-z, 0-9 or _, at most 64
         * @return this builder
         * @throws ConfigurationException if malformed or already set
         */
        public Builder id(String id) {
            once(this.id, "id");
            if (id == null || !Names.isName(id)) {
                throw new ConfigurationException("the smtp channel's 'id' must be " + Names.RULE);
            }
            this.id = id;
            return this;
        }

        /**
         * The server's port.
         *
         * @param port 1 to 65535
         * @return this builder
         * @throws ConfigurationException if out of range or already set
         */
        public Builder port(int port) {
            once(this.port, "port");
            if (port < 1 || port > 65_535) {
                throw new ConfigurationException("the smtp channel's 'port' must be from 1 to 65535");
            }
            this.port = port;
            return this;
        }

        /**
         * Logs in with these credentials (SMTP AUTH).
         *
         * @param username the user name, not blank
         * @param password the password; the settings keep this object, so do not destroy it while
         *     the channel is open
         * @return this builder
         * @throws ConfigurationException if either is missing or they are already set
         */
        public Builder credentials(String username, SecretBytes password) {
            once(this.username, "username");
            if (username == null || username.isBlank() || username.chars().anyMatch(c -> c < 0x20)) {
                throw new ConfigurationException("the smtp channel's 'username' must not be blank or hold control characters");
            }
            if (password == null || password.isDestroyed()) {
                throw new ConfigurationException("the smtp channel's 'password' is missing");
            }
            this.username = username;
            this.password = password;
            return this;
        }

        /**
         * Whether STARTTLS is required, used when offered, or never used.
         *
         * @param mode the mode
         * @return this builder
         * @throws ConfigurationException if null or already set
         */
        public Builder startTls(StartTls mode) {
            once(this.startTls, "starttls");
            this.startTls = required(mode, "starttls");
            return this;
        }

        /**
         * How long a connection may take to open.
         *
         * @param timeout positive, at most 10 minutes
         * @return this builder
         * @throws ConfigurationException if out of range or already set
         */
        public Builder connectTimeout(Duration timeout) {
            once(this.connectTimeout, "connect-timeout");
            this.connectTimeout = timeout(timeout, "connect-timeout");
            return this;
        }

        /**
         * How long one read from (or write to) the server may take.
         *
         * @param timeout positive, at most 10 minutes
         * @return this builder
         * @throws ConfigurationException if out of range or already set
         */
        public Builder readTimeout(Duration timeout) {
            once(this.readTimeout, "read-timeout");
            this.readTimeout = timeout(timeout, "read-timeout");
            return this;
        }

        /**
         * Sends every message from this address instead of its own.
         *
         * @param address one e-mail address
         * @return this builder
         * @throws ConfigurationException if it is not one well-formed address, or already set
         */
        public Builder fromOverride(String address) {
            once(this.fromOverride, "from-override");
            try {
                MailMessages.single(address, "from-override");
            } catch (BadAddressException e) {
                throw new ConfigurationException("the smtp channel's 'from-override' must be one e-mail address");
            }
            this.fromOverride = address;
            return this;
        }

        /**
         * Trusts the certificates in this file, instead of the JVM's, for STARTTLS. The server's
         * name is still checked against its certificate.
         *
         * @param file a PKCS#12 or JKS file
         * @param password its password (copied)
         * @return this builder
         * @throws ConfigurationException if the file is missing or already set
         */
        public Builder trustStore(Path file, char[] password) {
            once(this.trustStore, "truststore");
            this.trustStore = required(file, "truststore");
            this.trustStorePassword = required(password, "truststore-password").clone();
            return this;
        }

        /**
         * The name the channel gives itself in EHLO.
         *
         * @param name a host name
         * @return this builder
         * @throws ConfigurationException if malformed or already set
         */
        public Builder ehloName(String name) {
            once(this.ehloName, "ehlo-name");
            if (name == null || !HOST.matcher(name).matches()) {
                throw new ConfigurationException("the smtp channel's 'ehlo-name' must be a host name or an IP literal");
            }
            this.ehloName = name;
            return this;
        }

        /**
         * How many idempotency keys the channel remembers.
         *
         * @param count 1 to 1000000
         * @return this builder
         * @throws ConfigurationException if out of range or already set
         */
        public Builder rememberedKeys(int count) {
            once(this.rememberedKeys, "remembered-keys");
            if (count < 1 || count > 1_000_000) {
                throw new ConfigurationException("the smtp channel's 'remembered-keys' must be from 1 to 1000000");
            }
            this.rememberedKeys = count;
            return this;
        }

        /**
         * Allows sending credentials over a connection that STARTTLS did not protect (a relay on
         * the same host). Refused unless allowed: with {@link StartTls#OPTIONAL} or
         * {@link StartTls#OFF}, the password could cross the network in clear text.
         *
         * @param allow whether to allow it
         * @return this builder
         * @throws ConfigurationException if already set
         */
        public Builder plaintextAuth(boolean allow) {
            once(this.plaintextAuth, "plaintext-auth");
            this.plaintextAuth = allow;
            return this;
        }

        /**
         * Checks the combination and builds the settings.
         *
         * @return the settings
         * @throws ConfigurationException if credentials would go in clear text without
         *     {@link #plaintextAuth(boolean)} allowing it
         */
        public SmtpSettings build() {
            StartTls mode = startTls == null ? StartTls.REQUIRED : startTls;
            if (username != null && mode != StartTls.REQUIRED && !Boolean.TRUE.equals(plaintextAuth)) {
                throw new ConfigurationException("the smtp channel would send its password without STARTTLS: set"
                        + " 'starttls' to 'required', or 'plaintext-auth' to 'allow' for a relay on a trusted network");
            }
            return new SmtpSettings(this);
        }

        private static void once(Object current, String key) {
            if (current != null) {
                throw new ConfigurationException("the smtp channel's '" + key + "' is set twice");
            }
        }

        private static <T> T required(T value, String key) {
            return Objects.requireNonNullElseGet(value, () -> {
                throw new ConfigurationException("the smtp channel's '" + key + "' is missing");
            });
        }

        private static Duration timeout(Duration timeout, String key) {
            if (timeout == null || timeout.isNegative() || timeout.isZero() || timeout.compareTo(MAX_TIMEOUT) > 0) {
                throw new ConfigurationException("the smtp channel's '" + key + "' must be positive and at most 10 minutes");
            }
            return timeout;
        }
    }
}
