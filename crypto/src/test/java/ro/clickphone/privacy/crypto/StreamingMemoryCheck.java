package ro.clickphone.privacy.crypto;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import ro.clickphone.privacy.crypto.kek.Pkcs12KeyEncryptionKeyProvider;
import ro.clickphone.privacy.spi.KeyScope;
import ro.clickphone.privacy.spi.SubjectId;
import ro.clickphone.privacy.spi.memory.InMemorySubjectKeyStore;

/**
 * Run by {@link StreamEncryptorTest} in a child JVM with a 64 MB heap: encrypts a generated stream
 * of the given length to a file, decrypts it, and compares SHA-256 digests. Exit 0 if equal.
 */
public final class StreamingMemoryCheck {

    private StreamingMemoryCheck() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        long length = Long.parseLong(args[1]);
        EnvelopeKeys keys = EnvelopeKeys.create(
                KeySettings.of(Pkcs12KeyEncryptionKeyProvider.create(dir.resolve("child.p12"), "pw".toCharArray(), "k")),
                new InMemorySubjectKeyStore(), Clock.systemUTC());
        StreamEncryptor streams = new StreamEncryptor(keys);
        SubjectId subject = SubjectId.of("acct-1042");
        FieldContext context = FieldContext.of("voicemail", "audio", KeyScope.of("media"));
        Path file = dir.resolve("voicemail.enc");
        MessageDigest written = MessageDigest.getInstance("SHA-256");
        byte[] chunk = new byte[8192];
        try (OutputStream out = streams.encrypt(subject, context, new BufferedOutputStream(Files.newOutputStream(file)))) {
            for (long done = 0; done < length; ) {
                int n = (int) Math.min(chunk.length, length - done);
                for (int i = 0; i < n; i++) {
                    chunk[i] = (byte) ((done + i) * 31 + ((done + i) >>> 13));
                }
                written.update(chunk, 0, n);
                out.write(chunk, 0, n);
                done += n;
            }
        }
        MessageDigest read = MessageDigest.getInstance("SHA-256");
        long total = 0;
        try (InputStream in = streams.decrypt(subject, context, new BufferedInputStream(Files.newInputStream(file)))) {
            for (int n; (n = in.read(chunk)) > 0; ) {
                read.update(chunk, 0, n);
                total += n;
            }
        }
        Files.delete(file);
        if (total != length || !MessageDigest.isEqual(written.digest(), read.digest())) {
            System.out.println("mismatch after " + total + " bytes");
            System.exit(1);
        }
        System.out.println("streamed " + total + " bytes, max heap " + Runtime.getRuntime().maxMemory());
    }
}
