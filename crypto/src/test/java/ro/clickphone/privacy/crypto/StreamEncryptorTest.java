package ro.clickphone.privacy.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import ro.clickphone.privacy.crypto.kek.Pkcs12KeyEncryptionKeyProvider;
import ro.clickphone.privacy.spi.IntegrityException;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.KeyDestroyedException;
import ro.clickphone.privacy.spi.KeyScope;
import ro.clickphone.privacy.spi.PolicyViolationException;
import ro.clickphone.privacy.spi.SubjectId;
import ro.clickphone.privacy.spi.memory.InMemorySubjectKeyStore;

class StreamEncryptorTest {

    private static final SubjectId ANA = SubjectId.of("acct-1042");
    private static final FieldContext VOICEMAIL = FieldContext.of("voicemail", "audio", KeyScope.of("media"));
    private static final int S = StreamEncryptor.SEGMENT_BYTES;
    private static final int HEADER = 3 + 5 + 4 + 16 + 7;
    private static final int SEALED = S + 16;

    @TempDir
    Path dir;

    private EnvelopeKeys keys;
    private StreamEncryptor streams;

    @BeforeEach
    void setUp() {
        keys = EnvelopeKeys.create(Pkcs12KeyEncryptionKeyProvider.create(dir.resolve("k.p12"), "pw".toCharArray(), "k"),
                new InMemorySubjectKeyStore(), Clock.systemUTC(), 100, Duration.ofMinutes(1), Duration.ofSeconds(1),
                System::nanoTime);
        streams = new StreamEncryptor(keys);
    }

    private byte[] encrypt(byte[] plain) throws IOException {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        try (OutputStream out = streams.encrypt(ANA, VOICEMAIL, sink)) {
            // Odd-sized writes, to cross segment boundaries mid-write.
            for (int off = 0; off < plain.length; off += 7919) {
                out.write(plain, off, Math.min(7919, plain.length - off));
            }
        }
        return sink.toByteArray();
    }

    private byte[] decrypt(SubjectId subject, FieldContext context, byte[] sealed) throws IOException {
        try (InputStream in = streams.decrypt(subject, context, new ByteArrayInputStream(sealed))) {
            return in.readAllBytes();
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, S - 1, S, S + 1, 3 * S, 3 * S + 12345})
    void roundTrip(int size) throws IOException {
        byte[] plain = new byte[size];
        new SecureRandom().nextBytes(plain);
        byte[] sealed = encrypt(plain);
        int segments = Math.max(1, (size + S - 1) / S);
        assertEquals(HEADER + size + segments * 16, sealed.length);
        assertArrayEquals(plain, decrypt(ANA, VOICEMAIL, sealed));
    }

    private static void assertFails(byte[] sealed, StreamEncryptorTest test) {
        IOException e = assertThrows(IOException.class, () -> test.decrypt(ANA, VOICEMAIL, sealed));
        assertInstanceOf(IntegrityException.class, e.getCause());
    }

    @Test
    void truncationReorderingAndEdits_fail() throws IOException {
        byte[] plain = new byte[3 * S + 100];
        new SecureRandom().nextBytes(plain);
        byte[] sealed = encrypt(plain);
        // Truncated at a segment boundary: the former middle segment is now last, and says it is not.
        assertFails(Arrays.copyOf(sealed, HEADER + 2 * SEALED), this);
        assertFails(Arrays.copyOf(sealed, HEADER + SEALED + 10), this);
        assertFails(Arrays.copyOf(sealed, sealed.length - 1), this);
        assertFails(Arrays.copyOf(sealed, HEADER - 1), this);
        // A segment removed from the middle.
        byte[] removed = new byte[sealed.length - SEALED];
        System.arraycopy(sealed, 0, removed, 0, HEADER + SEALED);
        System.arraycopy(sealed, HEADER + 2 * SEALED, removed, HEADER + SEALED, sealed.length - HEADER - 2 * SEALED);
        assertFails(removed, this);
        // Two segments swapped.
        byte[] swapped = sealed.clone();
        System.arraycopy(sealed, HEADER, swapped, HEADER + SEALED, SEALED);
        System.arraycopy(sealed, HEADER + SEALED, swapped, HEADER, SEALED);
        assertFails(swapped, this);
        // Garbage appended, bytes flipped in the header and in a segment.
        byte[] longer = Arrays.copyOf(sealed, sealed.length + 1);
        assertFails(longer, this);
        for (int position : List.of(5, 3 + 5 + 4 + 3, HEADER + 7, HEADER + SEALED + S + 3, sealed.length - 2)) {
            byte[] flipped = sealed.clone();
            flipped[position] ^= 1;
            assertThrows(IOException.class, () -> decrypt(ANA, VOICEMAIL, flipped), "position " + position);
        }
    }

    @Test
    void anotherSubjectOrField_cannotDecrypt() throws IOException {
        byte[] sealed = encrypt(new byte[1000]);
        assertThrows(IOException.class, () -> decrypt(SubjectId.of("acct-2077"), VOICEMAIL, sealed));
        assertThrows(IOException.class, () -> decrypt(ANA, FieldContext.of("fax", "document", KeyScope.of("media")),
                sealed));
        assertThrows(IOException.class, () -> decrypt(ANA, FieldContext.of("voicemail", "audio", KeyScope.of("other")),
                sealed));
    }

    @Test
    void shredding_makesTheStreamUnreadable() throws IOException {
        byte[] sealed = encrypt(new byte[1000]);
        keys.shred(ANA, VOICEMAIL.scope());
        assertThrows(KeyDestroyedException.class, () -> decrypt(ANA, VOICEMAIL, sealed));
    }

    /**
     * 200 MB through an encrypting and a decrypting stream in a JVM whose heap is capped at 64 MB: the
     * memory stays constant whatever the length.
     */
    @Test
    void twoHundredMegabytes_in64MegabytesOfHeap() throws Exception {
        String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        Process process = new ProcessBuilder(java, "-Xmx64m", "-cp", System.getProperty("java.class.path"),
                StreamingMemoryCheck.class.getName(), dir.toString(), Integer.toString(200 * 1024 * 1024))
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertTrue(process.waitFor(5, TimeUnit.MINUTES), "the check did not finish");
        assertEquals(0, process.exitValue(), output);
        assertTrue(output.contains("streamed 209715200 bytes"), output);
    }
    @Test
    void fieldOnlyOptions_areRefused_notSilentlyIgnored() {
        FieldContext base = FieldContext.of("voicemail", "audio", KeyScope.of("traffic"));
        SubjectId subject = SubjectId.of("acct-9");
        for (FieldContext option : List.of(base.withAlgorithm(FieldAlgorithm.AES_256_GCM_SIV),
                base.withCardNumbersAllowed(), base.withRecordId("vm-1"))) {
            assertThrows(InvalidInputException.class,
                    () -> streams.encrypt(subject, option, new ByteArrayOutputStream()));
            assertThrows(InvalidInputException.class,
                    () -> streams.decrypt(subject, option, new ByteArrayInputStream(new byte[0])));
        }
    }

    @Test
    void guardedStreams_askTheirGuardAtEveryCall_writesAndReadsApart() throws IOException {
        AtomicBoolean writesClosed = new AtomicBoolean(false);
        AtomicBoolean readsClosed = new AtomicBoolean(false);
        List<String> asked = new ArrayList<>();
        StreamEncryptor guarded = new StreamEncryptor(keys, new FieldContextGuard() {
            @Override
            public void checkWrite(FieldContext context) {
                asked.add("write " + context.field());
                if (writesClosed.get() || context.field().equals("sms_content")) {
                    throw new PolicyViolationException("Field " + context.entity() + "." + context.field() + " is closed");
                }
            }

            @Override
            public void checkRead(FieldContext context) {
                asked.add("read " + context.field());
                if (readsClosed.get() || context.field().equals("sms_content")) {
                    throw new PolicyViolationException("Field " + context.entity() + "." + context.field() + " is closed");
                }
            }
        });
        FieldContext sms = FieldContext.of("sms", "sms_content", KeyScope.of("traffic"));
        ByteArrayOutputStream smsSink = new ByteArrayOutputStream();
        try (OutputStream out = streams.encrypt(ANA, sms, smsSink)) {
            out.write(new byte[] {1, 2, 3});
        }
        ByteArrayOutputStream refusedSink = new ByteArrayOutputStream();
        assertThrows(PolicyViolationException.class, () -> guarded.encrypt(ANA, sms, refusedSink));
        assertEquals(0, refusedSink.size(), "nothing is written, not even the header");
        assertThrows(PolicyViolationException.class,
                () -> guarded.decrypt(ANA, sms, new ByteArrayInputStream(smsSink.toByteArray())));

        byte[] plain = {4, 5, 6};
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        try (OutputStream out = guarded.encrypt(ANA, VOICEMAIL, sink)) {
            out.write(plain);
        }
        assertArrayEquals(plain, decrypt(ANA, VOICEMAIL, sink.toByteArray()), "the guard does not enter the ciphertext");
        writesClosed.set(true);
        assertThrows(PolicyViolationException.class, () -> guarded.encrypt(ANA, VOICEMAIL, new ByteArrayOutputStream()),
                "asked at each call");
        try (InputStream in = guarded.decrypt(ANA, VOICEMAIL, new ByteArrayInputStream(sink.toByteArray()))) {
            assertArrayEquals(plain, in.readAllBytes(), "reads are the guard's own decision");
        }
        readsClosed.set(true);
        assertThrows(PolicyViolationException.class,
                () -> guarded.decrypt(ANA, VOICEMAIL, new ByteArrayInputStream(sink.toByteArray())));
        assertTrue(asked.containsAll(List.of("write audio", "read audio", "write sms_content", "read sms_content")),
                asked.toString());
        assertThrows(InvalidInputException.class, () -> new StreamEncryptor(keys, null));
    }
}
