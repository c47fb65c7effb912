package ro.clickphone.privacy.crypto.kek;

import java.lang.reflect.Array;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads a key object's PKCS#11 attributes through the JDK's own PKCS#11 binding
 * ({@code sun.security.pkcs11.wrapper} in module {@code jdk.crypto.cryptoki}), which the JDK exports
 * only when the JVM is started with
 * {@code --add-exports jdk.crypto.cryptoki/sun.security.pkcs11.wrapper=<this module or ALL-UNNAMED>}.
 * Without it, {@link #available()} is false and the provider checks what the public JDK API shows
 * (value readable? {@code CKA_SENSITIVE}, {@code CKA_EXTRACTABLE}) only.
 *
 * <p>The check that matters: a KEK version's object must have been generated on the token
 * ({@code CKA_LOCAL}) and never have been readable or extractable ({@code CKA_ALWAYS_SENSITIVE},
 * {@code CKA_NEVER_EXTRACTABLE}). A key whose value someone knows (imported, or generated
 * extractable, exported and then locked) fails it, whatever its other attributes say.
 */
final class Pkcs11Attributes {

    private static final String PACKAGE = "sun.security.pkcs11.wrapper";
    private static final long CKF_SERIAL_SESSION = 0x4;
    private static final long CKA_CLASS = 0x0;
    private static final long CKO_SECRET_KEY = 0x4;
    private static final long CKA_TOKEN = 0x1;
    private static final long CKA_PRIVATE = 0x2;
    private static final long CKA_LABEL = 0x3;
    private static final long CKA_SENSITIVE = 0x103;
    private static final long CKA_EXTRACTABLE = 0x162;
    private static final long CKA_LOCAL = 0x163;
    private static final long CKA_NEVER_EXTRACTABLE = 0x164;
    private static final long CKA_ALWAYS_SENSITIVE = 0x165;
    private static final long[] REQUIRED = {CKA_TOKEN, CKA_PRIVATE, CKA_SENSITIVE, CKA_EXTRACTABLE, CKA_LOCAL,
        CKA_NEVER_EXTRACTABLE, CKA_ALWAYS_SENSITIVE};
    private static final boolean[] EXPECTED = {true, true, true, false, true, true, true};
    /** What a key object whose attribute differs from {@link #EXPECTED} is. */
    private static final String[] WRONG = {"not a token object", "not private", "not sensitive", "extractable",
        "not generated on the token", "once extractable", "once readable"};

    private Pkcs11Attributes() {
    }

    /**
     * Whether this JVM lets the provider read PKCS#11 attributes.
     *
     * @return true when {@code sun.security.pkcs11.wrapper} is exported to this class's module
     */
    static boolean available() {
        Optional<Module> cryptoki = ModuleLayer.boot().findModule("jdk.crypto.cryptoki");
        return cryptoki.isPresent() && cryptoki.get().isExported(PACKAGE, Pkcs11Attributes.class.getModule());
    }

    /**
     * Checks every secret-key object with this label on the token. The caller is logged in (PKCS#11
     * logs in per application, so the session opened here sees private objects).
     *
     * @return empty when there is at least one such object and each is a private, sensitive token
     *     object generated on the token that was never extractable nor readable; else what is wrong
     *     (never a value)
     * @throws ReflectiveOperationException if the binding cannot be called; the caller treats it as a
     *     token failure
     */
    static Optional<String> problem(Pkcs11Token token, String label) throws ReflectiveOperationException {
        Class<?> p11Class = Class.forName(PACKAGE + ".PKCS11");
        Class<?> attributeClass = Class.forName(PACKAGE + ".CK_ATTRIBUTE");
        Class<?> initArgsClass = Class.forName(PACKAGE + ".CK_C_INITIALIZE_ARGS");
        Class<?> notifyClass = Class.forName(PACKAGE + ".CK_NOTIFY");
        // the same library path as the SunPKCS11 configuration: the JDK keeps one initialised binding per path
        Object p11 = p11Class.getMethod("getInstance", String.class, String.class, initArgsClass, boolean.class)
                .invoke(null, token.libraryInConfiguration(), "C_GetFunctionList", null, false);
        long slot = token.slot();
        if (token.slotIsIndex()) {
            long[] slots = (long[]) p11Class.getMethod("C_GetSlotList", boolean.class).invoke(p11, false);
            if (slot >= slots.length) {
                return Optional.of("no such slot");
            }
            slot = slots[(int) slot];
        }
        long session = (Long) p11Class.getMethod("C_OpenSession", long.class, long.class, Object.class, notifyClass)
                .invoke(p11, slot, CKF_SERIAL_SESSION, null, null);
        try {
            Object[] template = (Object[]) Array.newInstance(attributeClass, 2);
            template[0] = attributeClass.getConstructor(long.class, long.class).newInstance(CKA_CLASS, CKO_SECRET_KEY);
            template[1] = attributeClass.getConstructor(long.class, Object.class).newInstance(CKA_LABEL, label);
            p11Class.getMethod("C_FindObjectsInit", long.class, template.getClass()).invoke(p11, session, template);
            long[] objects;
            try {
                objects = (long[]) p11Class.getMethod("C_FindObjects", long.class, long.class).invoke(p11, session, 16L);
            } finally {
                p11Class.getMethod("C_FindObjectsFinal", long.class).invoke(p11, session);
            }
            if (objects.length == 0) {
                return Optional.of("not found by label");
            }
            Method get = p11Class.getMethod("C_GetAttributeValue", long.class, long.class,
                    Array.newInstance(attributeClass, 0).getClass());
            Method getBoolean = attributeClass.getMethod("getBoolean");
            List<String> wrong = new ArrayList<>();
            for (long object : objects) {
                Object[] attributes = (Object[]) Array.newInstance(attributeClass, REQUIRED.length);
                for (int i = 0; i < REQUIRED.length; i++) {
                    attributes[i] = attributeClass.getConstructor(long.class).newInstance(REQUIRED[i]);
                }
                get.invoke(p11, session, object, attributes);
                for (int i = 0; i < REQUIRED.length; i++) {
                    if ((Boolean) getBoolean.invoke(attributes[i]) != EXPECTED[i] && !wrong.contains(WRONG[i])) {
                        wrong.add(WRONG[i]);
                    }
                }
            }
            return wrong.isEmpty() ? Optional.empty() : Optional.of(String.join(", ", wrong));
        } finally {
            try {
                p11Class.getMethod("C_CloseSession", long.class).invoke(p11, session);
            } catch (InvocationTargetException e) {
                // the session is gone with the token; nothing to release
            }
        }
    }
}
