package ro.clickphone.privacy.examples.day;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import ro.clickphone.privacy.crypto.KeySettings;
import ro.clickphone.privacy.crypto.kek.Pkcs12KeyEncryptionKeyProvider;
import ro.clickphone.privacy.crypto.pseudonym.PseudonymKeys;
import ro.clickphone.privacy.crypto.sign.Ed25519Signer;
import ro.clickphone.privacy.examples.cli.PublishedKeyFile;
import ro.clickphone.privacy.spi.SecretBytes;

/**
 * The keys of one run, generated fresh: a PKCS#12 key-encryption key in a file, the Ed25519 audit signer and
 * consent-receipt signer, and the secret keys the kits share (subject pseudonyms, consent seal, searchable
 * fields, pseudonyms). Only public keys, the KEK file and its demo password are written out; the secret keys
 * live in memory and die with the run.
 */
final class DayKeys {

    /** The KEK's id in the PKCS#12 file. */
    static final String KEK_ID = "clickphone-kek";
    /** The audit signer's key id. */
    static final String AUDIT_KEY_ID = "audit-day";
    /** The receipt signer's key id. */
    static final String RECEIPT_KEY_ID = "receipts-day";

    final Path folder;
    final KeySettings kek;
    final Ed25519Signer auditSigner;
    final Ed25519Signer receiptSigner;
    final SecretBytes subjectPseudonymKey;
    final SecretBytes sealKey;
    final SecretBytes searchRootKey;
    final PseudonymKeys pseudonymKeys;

    private DayKeys(Path folder, KeySettings kek, Ed25519Signer auditSigner, Ed25519Signer receiptSigner,
            SecureRandom random) {
        this.folder = folder;
        this.kek = kek;
        this.auditSigner = auditSigner;
        this.receiptSigner = receiptSigner;
        this.subjectPseudonymKey = SecretBytes.random(32, random);
        this.sealKey = SecretBytes.random(32, random);
        this.searchRootKey = SecretBytes.random(32, random);
        this.pseudonymKeys = PseudonymKeys.of(1, SecretBytes.random(32, random));
    }

    /**
     * Generates the run's keys and writes the files an auditor or the command-line tool needs into
     * {@code folder}: {@code kek.p12} and {@code kek-password.txt} (demo only; owner-only where the file system
     * has POSIX permissions), {@code audit-public-key.pem}, {@code receipt-public-key.pem}, and the published key
     * files the command-line tool reads ({@code audit-key.json}, {@code receipt-key.json}).
     *
     * @param folder the keys' folder (created)
     * @param receiptsFrom when the receipt key becomes valid
     * @return the keys
     * @throws IOException if a file cannot be written
     */
    static DayKeys generate(Path folder, Instant receiptsFrom) throws IOException {
        Files.createDirectories(folder);
        restrict(folder, "rwx------");
        SecureRandom random = new SecureRandom();
        byte[] raw = new byte[18];
        random.nextBytes(raw);
        char[] password = Base64.getUrlEncoder().withoutPadding().encodeToString(raw).toCharArray();
        Path passwordFile = folder.resolve("kek-password.txt");
        ownerOnly(Files.createFile(passwordFile));
        Files.writeString(passwordFile, new String(password), StandardCharsets.US_ASCII);
        KeySettings kek = KeySettings.of(Pkcs12KeyEncryptionKeyProvider.create(folder.resolve("kek.p12"),
                password, KEK_ID));
        ownerOnly(folder.resolve("kek.p12"));
        Ed25519Signer audit = Ed25519Signer.generate(AUDIT_KEY_ID);
        Ed25519Signer receipts = Ed25519Signer.generate(RECEIPT_KEY_ID);
        writePem(folder.resolve("audit-public-key.pem"), audit.publicKey());
        writePem(folder.resolve("receipt-public-key.pem"), receipts.publicKey());
        PublishedKeyFile.write(folder.resolve("receipt-key.json"), receipts, receiptsFrom);
        PublishedKeyFile.write(folder.resolve("audit-key.json"), audit, receiptsFrom);
        return new DayKeys(folder, kek, audit, receipts, random);
    }

    /** Read and write for the owner only, where the file system has POSIX permissions (the folder: rwx------). */
    private static Path ownerOnly(Path file) throws IOException {
        return restrict(file, "rw-------");
    }

    private static Path restrict(Path path, String permissions) throws IOException {
        if (Files.getFileStore(path).supportsFileAttributeView(PosixFileAttributeView.class)) {
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(permissions));
        }
        return path;
    }

    private static void writePem(Path file, PublicKey key) throws IOException {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(key.getEncoded());
        Files.writeString(file, "-----BEGIN PUBLIC KEY-----\n" + body + "\n-----END PUBLIC KEY-----\n",
                StandardCharsets.US_ASCII);
    }

    @Override
    public String toString() {
        return "DayKeys[" + folder.getFileName() + "]";
    }
}
