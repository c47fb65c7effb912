package ro.clickphone.privacy.examples.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import ro.clickphone.privacy.core.consent.ConsentReceipt;
import ro.clickphone.privacy.core.consent.ReceiptKey;

/** {@code clickphone-privacy receipt}: the consent receipts' commands. */
@Command(name = "receipt", mixinStandardHelpOptions = true,
        description = "Work on signed consent receipts.",
        subcommands = ReceiptCommand.Verify.class)
final class ReceiptCommand extends CommandGroup {

    /**
     * {@code receipt verify}: checks a receipt with a published key alone, as a third party would
     * ({@link ConsentReceipt#verifiedBy(ReceiptKey)}), and prints what it vouches for without the
     * subject.
     */
    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = {"Verify a consent receipt (format " + ConsentReceipt.V2 + ") and its Ed25519"
                    + " signature with the published receipt key(s).",
                "Prints the signing key's id and, only once the signature holds, the purpose, the event and its"
                    + " time, never the subject; exit 1 when the signature does not hold, 2 when the file is not a"
                    + " well-formed receipt."},
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {"0:the signature is valid", "1:the signature does not hold (forged, altered, another"
                + " key, outside the key's validity)", "2:usage, or a malformed receipt file"})
    static final class Verify implements Runnable {

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "FILE",
                description = "The receipt file: JSON with json (the receipt document as signed), keyId,"
                        + " algorithm and signature.")
        Path file;

        @Option(names = "--public-key", required = true, paramLabel = "FILE",
                description = "A published receipt key (JSON: keyId, algorithm Ed25519, publicKey, validFrom,"
                        + " validUntil). Repeatable: the one with the receipt's key id is used.")
        List<Path> publicKeys = new ArrayList<>();

        @Override
        public void run() {
            List<ReceiptKey> keys = new ArrayList<>();
            for (Path key : publicKeys) {
                keys.add(PublishedKeyFile.read(key, "--public-key").receiptKey("--public-key"));
            }
            ReceiptFile.Parsed parsed = ReceiptFile.read(file);
            ConsentReceipt receipt = parsed.receipt();
            PrintWriter out = spec.commandLine().getOut();
            // Until the signature holds, the document's claims are nobody's word: only the key id shows.
            out.println("key id:         " + shown(receipt.keyId()) + " (" + shown(receipt.algorithm()) + ")");
            Optional<ReceiptKey> key = keys.stream().filter(k -> k.keyId().equals(receipt.keyId())).findFirst();
            if (key.isEmpty()) {
                out.println("signature NOT verified: no --public-key has key id " + shown(receipt.keyId()));
                out.flush();
                throw new CheckFailedException("the receipt is not signed by a given key");
            }
            if (!receipt.verifiedBy(key.get())) {
                // verifiedBy judged it (window included); only the message is chosen here.
                // ReceiptFile.read has checked that issuedAt is an instant.
                boolean inWindow = key.get().validAt(Instant.parse(parsed.document().path("issuedAt").asText()));
                out.println(inWindow ? "signature NOT valid"
                        : "signature NOT valid: the receipt was not issued within the key's validity");
                out.flush();
                throw new CheckFailedException(inWindow ? "the receipt's signature does not hold: it was altered or"
                        + " forged" : "the receipt's signature does not hold");
            }
            summary(out, parsed.document());
            out.println("signature valid");
        }

        /** What the receipt says, without the subject, the controller's contacts or the evidence. */
        private static void summary(PrintWriter out, JsonNode doc) {
            out.println("receipt:        " + shown(doc.path("receiptId")));
            out.println("issued at:      " + shown(doc.path("issuedAt")));
            out.println("policy version: " + shown(doc.path("notice").path("policyVersion")));
            JsonNode purpose = doc.path("purpose");
            out.println("purpose:        " + shown(purpose.path("id")) + " (" + shown(purpose.path("legalBasis"))
                    + ")");
            JsonNode event = doc.path("event");
            out.println("event:          " + shown(event.path("type")) + ", effective "
                    + shown(event.path("effectiveAt")) + ", channel " + shown(event.path("channel")));
            out.println("status:         " + shown(doc.path("status")));
        }

        /**
         * A field as the receipt claims it, for one line of output: at most 64 characters, control,
         * format (bidirectional overrides, zero-width characters) and line or paragraph separator
         * characters replaced, so that a crafted file cannot rewrite the terminal, reorder what it
         * shows, or forge a verdict line.
         */
        private static String shown(JsonNode node) {
            return shown(node.isValueNode() ? node.asText() : "-");
        }

        static String shown(String text) {
            StringBuilder shown = new StringBuilder();
            text.codePoints().limit(64).forEach(c -> shown.appendCodePoint(printable(c) ? c : '?'));
            return shown.length() == 0 ? "-" : shown.toString();
        }

        private static boolean printable(int c) {
            int type = Character.getType(c);
            return !Character.isISOControl(c) && type != Character.FORMAT && type != Character.LINE_SEPARATOR
                    && type != Character.PARAGRAPH_SEPARATOR;
        }
    }
}
