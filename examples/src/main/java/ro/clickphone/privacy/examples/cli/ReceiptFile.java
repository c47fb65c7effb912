package ro.clickphone.privacy.examples.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import ro.clickphone.privacy.core.consent.ConsentReceipt;
import ro.clickphone.privacy.spi.PrivacyException;

/**
 * A consent receipt in a file: a JSON object with the four components of {@link ConsentReceipt},
 * the receipt document itself kept as a JSON string, byte for byte as it was signed:
 * <pre>{@code
 * {"json": "{\"receiptVersion\":\"clickphone-consent-receipt/v2\", ...}",
 *  "keyId": "receipts-2026", "algorithm": "Ed25519", "signature": "<Base64>"}
 * }</pre>
 */
public final class ReceiptFile {

    /** Strict: a duplicate key or anything after the document is malformed, never silently resolved. */
    static final ObjectMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    /** The fields every v2 receipt carries, as JSON pointers. */
    private static final List<String> REQUIRED = List.of("/receiptId", "/issuedAt", "/purpose/id", "/event/type",
            "/status");

    private ReceiptFile() {
    }

    /**
     * Writes a receipt to a file, in the format {@link #read} reads.
     *
     * @param file the file (replaced if it exists)
     * @param receipt the receipt
     * @throws IOException if the file cannot be written
     */
    public static void write(Path file, ConsentReceipt receipt) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("json", receipt.json());
        root.put("keyId", receipt.keyId());
        root.put("algorithm", receipt.algorithm());
        root.put("signature", receipt.signature());
        Files.writeString(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n",
                StandardCharsets.UTF_8);
    }

    /**
     * Reads a receipt file. A receipt that is not well formed is bad input; whether its signature
     * holds is for {@link ConsentReceipt#verifiedBy} to say.
     *
     * @param file the file
     * @return the receipt and its parsed document
     * @throws BadInputException if the file cannot be read, is not a receipt file (a duplicate key or
     *     trailing content included), its document is not a JSON object of a receipt version this tool
     *     verifies, lacks receiptId, issuedAt (an instant), purpose.id, event.type or status, or its
     *     signature is not Base64
     */
    static Parsed read(Path file) {
        JsonNode root = parse(readText(file), "the receipt file is not JSON");
        if (!root.isObject()) {
            throw new BadInputException("the receipt file is not a JSON object");
        }
        ConsentReceipt receipt;
        try {
            receipt = new ConsentReceipt(text(root, "json"), text(root, "keyId"), text(root, "algorithm"),
                    text(root, "signature"));
        } catch (PrivacyException e) {
            throw new BadInputException("the receipt file lacks json, keyId, algorithm or signature", e);
        }
        try {
            Base64.getDecoder().decode(receipt.signature());
        } catch (IllegalArgumentException e) {
            throw new BadInputException("the receipt's signature is not Base64", e);
        }
        JsonNode document = parse(receipt.json(), "the receipt's json is not a JSON document");
        if (!document.isObject()) {
            throw new BadInputException("the receipt's json is not a JSON object");
        }
        String version = document.path("receiptVersion").asText("");
        if (ConsentReceipt.V1.equals(version)) {
            throw new BadInputException("a version 1 receipt (signed by the audit signer over the bare JSON):"
                    + " verify it through the kit's consent ledger");
        }
        if (!ConsentReceipt.V2.equals(version)) {
            throw new BadInputException("the receipt's receiptVersion is not " + ConsentReceipt.V2);
        }
        for (String field : REQUIRED) {
            JsonNode node = document.at(field);
            if (!node.isTextual() || node.asText().isBlank()) {
                throw new BadInputException("the receipt lacks " + field.substring(1).replace('/', '.') + " (a text)");
            }
        }
        try {
            Instant.parse(document.path("issuedAt").asText());
        } catch (DateTimeException e) {
            throw new BadInputException("the receipt's issuedAt is not an instant such as 2026-03-16T06:02:11Z", e);
        }
        return new Parsed(receipt, document);
    }

    private static String readText(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new BadInputException("cannot read the receipt file (" + e.getClass().getSimpleName() + ")", e);
        }
    }

    private static JsonNode parse(String text, String message) {
        try {
            JsonNode node = JSON.readTree(text);
            if (node == null) {
                throw new BadInputException(message);
            }
            return node;
        } catch (JsonProcessingException e) {
            // Jackson's message quotes the input: shown by this message alone
            throw new BadInputException(message, e);
        }
    }

    private static String text(JsonNode root, String field) {
        JsonNode node = root.get(field);
        return node == null || !node.isTextual() ? null : node.asText();
    }

    /**
     * A receipt read from a file.
     *
     * @param receipt the receipt
     * @param document its JSON document, parsed
     */
    record Parsed(ConsentReceipt receipt, JsonNode document) {

        /** The receipt's size and key, never its document (it names a subject's pseudonym). */
        @Override
        public String toString() {
            return "Parsed[" + receipt + "]";
        }
    }
}
