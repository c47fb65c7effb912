package ro.clickphone.privacy.examples.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;
import ro.clickphone.privacy.core.consent.ReceiptKey;
import ro.clickphone.privacy.crypto.sign.Ed25519Signer;
import ro.clickphone.privacy.spi.PrivacyException;

/**
 * A published Ed25519 verification key in a file: what an auditor is given to verify the audit
 * trail's checkpoints or consent receipts, with no secret in it. The file is a JSON object with the
 * fields of {@link ReceiptKey}:
 * <pre>{@code
 * {"keyId": "audit-2026", "algorithm": "Ed25519", "publicKey": "MCowBQYDK2VwAyEA...",
 *  "validFrom": "2026-03-16T06:00:00Z", "validUntil": null}
 * }</pre>
 * {@code publicKey} is the Base64 X.509 SubjectPublicKeyInfo encoding; {@code validFrom} is required
 * for a receipt key and for an earlier audit key, {@code validUntil} for an earlier audit key. The
 * current audit key may also be a PEM public key file, its key id given apart ({@code --key-id}).
 *
 * @param keyId the key id, as checkpoints and receipts name it
 * @param publicKey the public key
 * @param validFrom the first instant it signed, if the file says
 * @param validUntil the instant it stopped signing, if the file says
 */
public record PublishedKeyFile(String keyId, PublicKey publicKey, Optional<Instant> validFrom,
        Optional<Instant> validUntil) {

    private static final ObjectMapper JSON = ReceiptFile.JSON;
    private static final String ALGORITHM = "Ed25519";
    private static final String PEM_BEGIN = "-----BEGIN PUBLIC KEY-----";
    private static final String PEM_END = "-----END PUBLIC KEY-----";
    /** Where no {@code --key-id} option exists: a PEM file is refused, since it names no key id. */
    private static final String NO_KEY_ID_OPTION = "";

    /**
     * Checks the components.
     *
     * @param keyId the key id
     * @param publicKey the public key
     * @param validFrom the first instant it signed, or empty
     * @param validUntil the instant it stopped signing, or empty
     * @throws NullPointerException if a component is null (use {@link Optional#empty()} for an absent
     *     instant)
     */
    public PublishedKeyFile {
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(publicKey, "publicKey");
        Objects.requireNonNull(validFrom, "validFrom");
        Objects.requireNonNull(validUntil, "validUntil");
    }

    /**
     * Writes a signer's public key to a file, in the format {@link #read} reads.
     *
     * @param file the file (replaced if it exists)
     * @param signer the signer, or a verifier holding its public key
     * @param validFrom the first instant it signs
     * @throws IOException if the file cannot be written
     */
    public static void write(Path file, Ed25519Signer signer, Instant validFrom) throws IOException {
        ReceiptKey key = ReceiptKey.of(signer, validFrom, Optional.empty());
        ObjectNode root = JSON.createObjectNode();
        root.put("keyId", key.keyId());
        root.put("algorithm", key.algorithm());
        root.put("publicKey", key.publicKey());
        root.put("validFrom", key.validFrom().toString());
        root.putNull("validUntil");
        Files.writeString(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n",
                StandardCharsets.UTF_8);
    }

    /**
     * Reads a key file.
     *
     * @param file the file
     * @param option the option that named it, for messages
     * @return the key
     * @throws BadInputException if the file cannot be read or is not a published Ed25519 key
     */
    static PublishedKeyFile read(Path file, String option) {
        return read(file, option, NO_KEY_ID_OPTION);
    }

    /**
     * Reads a key file: the JSON format above, or a PEM public key ({@code -----BEGIN PUBLIC KEY-----},
     * as {@code openssl pkey -pubout} writes it), which carries no key id and no validity.
     *
     * @param file the file
     * @param option the option that named it, for messages
     * @param pemKeyId the key id for a PEM file, or null if none was given
     * @return the key
     * @throws BadInputException if the file cannot be read or is not a published Ed25519 key, or it is a
     *     PEM file and no key id was given
     */
    static PublishedKeyFile read(Path file, String option, String pemKeyId) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new BadInputException(option + ": cannot read the file (" + e.getClass().getSimpleName() + ")", e);
        }
        if (text.strip().startsWith(PEM_BEGIN)) {
            return pem(text, option, pemKeyId);
        }
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new BadInputException(option + ": the file is not JSON", e);
        }
        if (root == null || !root.isObject()) {
            throw new BadInputException(option + ": the file is not a JSON object");
        }
        String keyId = text(root, "keyId", option);
        if (!ALGORITHM.equals(text(root, "algorithm", option))) {
            throw new BadInputException(option + ": algorithm must be Ed25519");
        }
        PublicKey key;
        try {
            key = KeyFactory.getInstance(ALGORITHM).generatePublic(
                    new X509EncodedKeySpec(Base64.getDecoder().decode(text(root, "publicKey", option))));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new BadInputException(option + ": publicKey is not Base64 of an Ed25519 X.509 public key", e);
        }
        Optional<Instant> from = instant(root, "validFrom", option);
        Optional<Instant> until = instant(root, "validUntil", option);
        if (from.isPresent() && until.isPresent() && !until.get().isAfter(from.get())) {
            throw new BadInputException(option + ": validUntil must be after validFrom");
        }
        return new PublishedKeyFile(keyId, key, from, until);
    }

    /**
     * A verifier holding this public key.
     *
     * @param option the option that named the file, for messages
     * @return the verifier
     * @throws BadInputException if the key id is not one a checkpoint can carry
     */
    Ed25519Signer verifier(String option) {
        try {
            return Ed25519Signer.verifier(publicKey, keyId);
        } catch (PrivacyException e) {
            throw new BadInputException(option + ": keyId is not a valid key name (" + e.getMessage() + ")", e);
        }
    }

    /**
     * This key as a receipt key.
     *
     * @param option the option that named the file, for messages
     * @return the receipt key
     * @throws BadInputException if the file gives no {@code validFrom}
     */
    ReceiptKey receiptKey(String option) {
        Instant from = validFrom.orElseThrow(() -> new BadInputException(option
                + ": a receipt key needs validFrom (receipts issued before it do not verify)"));
        try {
            return new ReceiptKey(keyId, ALGORITHM, Base64.getEncoder().encodeToString(publicKey.getEncoded()), from,
                    validUntil);
        } catch (PrivacyException e) {
            throw new BadInputException(option + ": " + e.getMessage(), e);
        }
    }

    private static PublishedKeyFile pem(String text, String option, String keyId) {
        if (NO_KEY_ID_OPTION.equals(keyId)) {
            throw new BadInputException(option + ": a PEM key names no key id and no validity: give the JSON key"
                    + " file (keyId, algorithm, publicKey, validFrom)");
        }
        if (keyId == null) {
            throw new BadInputException(option + ": a PEM key names no key id: give --key-id (the id the checkpoints"
                    + " carry)");
        }
        String body = text.strip();
        int end = body.indexOf(PEM_END);
        if (end < 0) {
            throw new BadInputException(option + ": the PEM key has no " + PEM_END + " line");
        }
        try {
            byte[] der = Base64.getMimeDecoder().decode(body.substring(PEM_BEGIN.length(), end));
            PublicKey key = KeyFactory.getInstance(ALGORITHM).generatePublic(new X509EncodedKeySpec(der));
            return new PublishedKeyFile(keyId, key, Optional.empty(), Optional.empty());
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new BadInputException(option + ": the PEM file is not an Ed25519 public key", e);
        }
    }

    private static String text(JsonNode root, String field, String option) {
        JsonNode node = root.get(field);
        if (node == null || !node.isTextual() || node.asText().isBlank()) {
            throw new BadInputException(option + ": the field " + field + " is missing or not a text");
        }
        return node.asText();
    }

    private static Optional<Instant> instant(JsonNode root, String field, String option) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.parse(node.asText()));
        } catch (DateTimeException e) {
            throw new BadInputException(option + ": " + field + " is not an instant such as 2026-03-16T06:00:00Z", e);
        }
    }

    /** Names the key id and window, never the key's bytes (public, but long). */
    @Override
    public String toString() {
        return "PublishedKeyFile[" + keyId + ", from " + validFrom.map(Instant::toString).orElse("-") + ", until "
                + validUntil.map(Instant::toString).orElse("-") + "]";
    }
}
