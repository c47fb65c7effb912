package ro.clickphone.privacy.hibernate.internal;

import java.beans.Introspector;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.LinkedHashMap;
import java.util.Map;
import ro.clickphone.privacy.jpa.BlindIndex;
import ro.clickphone.privacy.jpa.DataSubject;
import ro.clickphone.privacy.jpa.Encrypted;

/**
 * The field-encryption annotations of a class's attributes (fields and getters, the class and its
 * superclasses), by Java attribute name.
 *
 * @param encrypted the {@code @Encrypted} attributes
 * @param subjects the {@code @DataSubject} attributes
 * @param blindIndexes the {@code @BlindIndex} attributes
 */
record Annotated(Map<String, Encrypted> encrypted, Map<String, DataSubject> subjects,
        Map<String, BlindIndex> blindIndexes) {

    static Annotated of(Class<?> type) {
        Map<String, Encrypted> encrypted = new LinkedHashMap<>();
        Map<String, DataSubject> subjects = new LinkedHashMap<>();
        Map<String, BlindIndex> indexes = new LinkedHashMap<>();
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                if (!Modifier.isStatic(f.getModifiers())) {
                    collect(f.getName(), f, encrypted, subjects, indexes);
                }
            }
            for (Method m : c.getDeclaredMethods()) {
                String name = getterAttribute(m);
                if (name != null) {
                    collect(name, m, encrypted, subjects, indexes);
                }
            }
        }
        return new Annotated(encrypted, subjects, indexes);
    }

    private static void collect(String name, AnnotatedElement e, Map<String, Encrypted> encrypted,
            Map<String, DataSubject> subjects, Map<String, BlindIndex> indexes) {
        Encrypted en = e.getAnnotation(Encrypted.class);
        if (en != null) {
            encrypted.putIfAbsent(name, en);
        }
        DataSubject ds = e.getAnnotation(DataSubject.class);
        if (ds != null) {
            subjects.putIfAbsent(name, ds);
        }
        BlindIndex bi = e.getAnnotation(BlindIndex.class);
        if (bi != null) {
            indexes.putIfAbsent(name, bi);
        }
    }

    private static String getterAttribute(Method m) {
        if (Modifier.isStatic(m.getModifiers()) || m.getParameterCount() != 0 || m.isSynthetic()) {
            return null;
        }
        String n = m.getName();
        if (n.startsWith("get") && n.length() > 3) {
            return Introspector.decapitalize(n.substring(3));
        }
        if (n.startsWith("is") && n.length() > 2) {
            return Introspector.decapitalize(n.substring(2));
        }
        return null;
    }

    /** Whether the class needs field encryption: it has encrypted or indexed attributes. */
    boolean needsEncryption() {
        return !encrypted.isEmpty() || !blindIndexes.isEmpty();
    }

    /**
     * The policy field id of an attribute: {@code @Encrypted(field)} or the Java name in snake case.
     *
     * @param attribute the Java name
     * @param annotation its annotation
     * @return the field id
     */
    static String fieldId(String attribute, Encrypted annotation) {
        return ro.clickphone.privacy.jpa.BlindIndexer.fieldIdOf(attribute, annotation);
    }
}
