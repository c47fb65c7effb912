package ro.clickphone.privacy.core.policy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import ro.clickphone.privacy.spi.InvalidInputException;

/**
 * The text of a policy version as its subjects read it, archived with the version: the policy
 * promises to keep earlier versions so that subjects can consult them ("vom păstra în arhivă
 * versiunile anterioare ale acestei Politici de confidențialitate"). The loader reads it from the
 * resource the document names and checks it against the SHA-256 the document gives, so the text
 * shown for a version is the text that version was written against.
 *
 * @param resource the resource name the document gives, e.g. {@code clickphone-privacy-policy.ro.md}
 * @param language the language of the text, the policy's own ({@code ro})
 * @param sha256 the SHA-256 of the resource's bytes, 64 lower-case hex digits
 * @param content the text, decoded as UTF-8
 *
 * @since 0.1.0
 */
public record PolicyText(String resource, String language, String sha256, String content) {

    /**
     * Validates the components.
     *
     * @param resource the resource, as the type describes it
     * @param language the language, as the type describes it
     * @param sha256 the hash, as the type describes it
     * @param content the content, as the type describes it
     * @throws InvalidInputException if a component is null, the hash is not 64 lower-case hex digits,
     *     or it is not the SHA-256 of the content's UTF-8 bytes (a text cannot be archived under another
     *     text's hash)
     */
    public PolicyText {
        if (resource == null || language == null || sha256 == null || content == null) {
            throw new InvalidInputException("policyText", "resource, language, sha256 and content must not be null");
        }
        if (!sha256.matches("[0-9a-f]{64}")) {
            throw new InvalidInputException("policyText.sha256", "must be 64 lower-case hex digits");
        }
        byte[] actual;
        try {
            actual = MessageDigest.getInstance("SHA-256").digest(content.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java platform has SHA-256", e);
        }
        if (!MessageDigest.isEqual(HexFormat.of().formatHex(actual).getBytes(StandardCharsets.US_ASCII),
                sha256.getBytes(StandardCharsets.US_ASCII))) {
            throw new InvalidInputException("policyText.sha256", "is not the SHA-256 of the content's UTF-8 bytes");
        }
    }

    /**
     * The resource, language and hash; never the text itself.
     *
     * @return e.g. {@code PolicyText[clickphone-privacy-policy.ro.md, ro, sha256=3f2a…]}
     */
    @Override
    public String toString() {
        return "PolicyText[" + resource + ", " + language + ", sha256=" + sha256.substring(0, 12) + "…, "
                + content.length() + " chars]";
    }
}
