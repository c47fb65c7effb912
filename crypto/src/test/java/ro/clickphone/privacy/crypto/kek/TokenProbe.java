package ro.clickphone.privacy.crypto.kek;

import java.lang.reflect.Array;
import java.lang.reflect.InvocationTargetException;
import java.security.MessageDigest;
import java.util.HexFormat;
import ro.clickphone.privacy.spi.PrivacyException;
import ro.clickphone.privacy.spi.SecretBytes;
import ro.clickphone.privacy.spi.keys.WrappedKey;

/**
 * A second program on the token, run in a JVM of its own by
 * {@link Pkcs11KeyEncryptionKeyProviderProcessTest}: PKCS#11 logs in per application, so only another
 * process shows what a program without the PIN sees. Reads the token's settings from the same
 * environment as {@link SoftHsm}; never takes the PIN as an argument. Prints one line of result.
 */
final class TokenProbe {

    private static final long CKF_SERIAL_SESSION = 0x4;
    private static final long CKU_USER = 1;
    private static final long CKA_TOKEN = 0x1;
    private static final long CKA_PRIVATE = 0x2;
    private static final long CKA_LABEL = 0x3;
    private static final long CKA_VALUE = 0x11;
    private static final long CKA_SENSITIVE = 0x103;
    private static final long CKA_ENCRYPT = 0x104;
    private static final long CKA_WRAP = 0x106;
    private static final long CKA_UNWRAP = 0x107;
    private static final long CKA_VALUE_LEN = 0x161;
    private static final long CKA_EXTRACTABLE = 0x162;
    private static final long CKA_LOCAL = 0x163;
    private static final long CKA_NEVER_EXTRACTABLE = 0x164;
    private static final long CKA_ALWAYS_SENSITIVE = 0x165;

    private TokenProbe() {
    }

    /**
     * Calls the PKCS#11 library's functions directly through the JDK's own binding (reflection; the
     * probe's JVM exports {@code sun.security.pkcs11.wrapper} to it): what a C program on the token does.
     */
    private static String raw(String label) throws Exception {
        Class<?> p11Class = Class.forName("sun.security.pkcs11.wrapper.PKCS11");
        Class<?> attributeClass = Class.forName("sun.security.pkcs11.wrapper.CK_ATTRIBUTE");
        Class<?> initArgsClass = Class.forName("sun.security.pkcs11.wrapper.CK_C_INITIALIZE_ARGS");
        Class<?> notifyClass = Class.forName("sun.security.pkcs11.wrapper.CK_NOTIFY");
        Object p11 = p11Class.getMethod("getInstance", String.class, String.class, initArgsClass, boolean.class)
                .invoke(null, SoftHsm.library().toString(), "C_GetFunctionList", null, false);
        long slot = slot(p11, p11Class);
        long session = (Long) p11Class.getMethod("C_OpenSession", long.class, long.class, Object.class, notifyClass)
                .invoke(p11, slot, CKF_SERIAL_SESSION, null, null);
        StringBuilder out = new StringBuilder();
        out.append("withoutLogin=").append(find(p11, p11Class, attributeClass, session, label).length);
        p11Class.getMethod("C_Login", long.class, long.class, char[].class)
                .invoke(p11, session, CKU_USER, SoftHsm.pin().toCharArray());
        long[] found = find(p11, p11Class, attributeClass, session, label);
        out.append(" withLogin=").append(found.length);
        if (found.length != 1) {
            return out.toString();
        }
        Object[] value = attributes(attributeClass, CKA_VALUE);
        try {
            getAttributes(p11, p11Class, session, found[0], value);
            out.append(" value=READ");
        } catch (InvocationTargetException e) {
            out.append(" value=").append(e.getCause().getMessage().split(" ")[0]);
        }
        long[] flags = {CKA_TOKEN, CKA_PRIVATE, CKA_SENSITIVE, CKA_ALWAYS_SENSITIVE, CKA_EXTRACTABLE,
            CKA_NEVER_EXTRACTABLE, CKA_LOCAL, CKA_ENCRYPT, CKA_WRAP, CKA_UNWRAP};
        String[] names = {"token", "private", "sensitive", "alwaysSensitive", "extractable", "neverExtractable",
            "local", "encrypt", "wrap", "unwrap"};
        for (int i = 0; i < flags.length; i++) {
            Object[] one = attributes(attributeClass, flags[i]);
            getAttributes(p11, p11Class, session, found[0], one);
            out.append(' ').append(names[i]).append('=').append(attributeClass.getMethod("getBoolean").invoke(one[0]));
        }
        Object[] length = attributes(attributeClass, CKA_VALUE_LEN);
        getAttributes(p11, p11Class, session, found[0], length);
        out.append(" bytes=").append(attributeClass.getMethod("getLong").invoke(length[0]));
        return out.toString();
    }

    private static long slot(Object p11, Class<?> p11Class) throws Exception {
        String slot = System.getenv(SoftHsm.SLOT_VARIABLE);
        if (slot != null && !slot.isBlank()) {
            return Long.parseLong(slot.strip());
        }
        return ((long[]) p11Class.getMethod("C_GetSlotList", boolean.class).invoke(p11, true))[0];
    }

    private static Object[] attributes(Class<?> attributeClass, long type) throws Exception {
        Object[] array = (Object[]) Array.newInstance(attributeClass, 1);
        array[0] = attributeClass.getConstructor(long.class).newInstance(type);
        return array;
    }

    private static void getAttributes(Object p11, Class<?> p11Class, long session, long object, Object[] attributes)
            throws Exception {
        p11Class.getMethod("C_GetAttributeValue", long.class, long.class, attributes.getClass())
                .invoke(p11, session, object, attributes);
    }

    private static long[] find(Object p11, Class<?> p11Class, Class<?> attributeClass, long session, String label)
            throws Exception {
        Object[] template = (Object[]) Array.newInstance(attributeClass, 1);
        template[0] = attributeClass.getConstructor(long.class, Object.class).newInstance(CKA_LABEL, label);
        p11Class.getMethod("C_FindObjectsInit", long.class, template.getClass()).invoke(p11, session, template);
        try {
            return (long[]) p11Class.getMethod("C_FindObjects", long.class, long.class).invoke(p11, session, 10L);
        } finally {
            p11Class.getMethod("C_FindObjectsFinal", long.class).invoke(p11, session);
        }
    }

    /**
     * Probes the token.
     *
     * @param args {@code raw <label>} (a KEK version's object through the PKCS#11 functions themselves:
     *     found without login, found with login, reading its value, its attributes),
     *     {@code wrong-pin <kekId>} (log in with a wrong PIN), or {@code unwrap <kekId> <version>
     *     <base64> <sha256-hex>} (open the KEK with the PIN and unwrap)
     * @throws Exception when the probe itself breaks
     */
    public static void main(String[] args) throws Exception {
        String kekId = args[1];
        switch (args[0]) {
            case "raw" -> System.out.println(raw(args[1]));
            case "wrong-pin" -> {
                try {
                    Pkcs11KeyEncryptionKeyProvider.open(SoftHsm.token(("wrong-" + SoftHsm.pin()).toCharArray()), kekId);
                    System.out.println("opened");
                } catch (PrivacyException e) {
                    System.out.println("refused " + e.getClass().getSimpleName());
                }
            }
            case "unwrap" -> {
                Pkcs11KeyEncryptionKeyProvider kek = Pkcs11KeyEncryptionKeyProvider.open(SoftHsm.token(), kekId);
                SecretBytes key = kek.unwrap(new WrappedKey(kekId, Integer.parseInt(args[2]), args[3]));
                byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.revealBytes());
                System.out.println(HexFormat.of().formatHex(digest).equals(args[4]) ? "same" : "different");
            }
            default -> throw new IllegalArgumentException("unknown probe " + args[0]);
        }
        System.out.flush();
    }
}
