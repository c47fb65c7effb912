package ro.clickphone.privacy.jpa.internal.source;

import java.lang.annotation.Annotation;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Member;
import java.lang.reflect.Method;
import java.util.Locale;
import ro.clickphone.privacy.spi.ConfigurationException;

/**
 * One basic attribute of an application entity: its name, Java type, and how to read and write it on an
 * instance (through its getter and setter when the class has them, so that bytecode-enhanced dirty tracking
 * sees the change; through the field otherwise).
 */
public final class Attr {

    private final String name;
    private final Class<?> type;
    private final Field field;
    private final Method getter;
    private final Method setter;

    private Attr(String name, Class<?> type, Field field, Method getter, Method setter) {
        this.name = name;
        this.type = type;
        this.field = field;
        this.getter = getter;
        this.setter = setter;
    }

    /**
     * The accessors of an attribute.
     *
     * @param owner the entity class
     * @param name the attribute's name
     * @param type its Java type
     * @param member the member the metamodel gives (a field or a getter), may be null
     * @return the attribute
     */
    static Attr of(Class<?> owner, String name, Class<?> type, Member member) {
        Field field = member instanceof Field f ? f : findField(owner, name);
        String cap = name.substring(0, 1).toUpperCase(Locale.ROOT) + name.substring(1);
        Method getter = member instanceof Method m ? m : findMethod(owner, "get" + cap);
        if (getter == null && (type == boolean.class || type == Boolean.class)) {
            getter = findMethod(owner, "is" + cap);
        }
        Method setter = findMethod(owner, "set" + cap, type);
        if (field == null && (getter == null || setter == null)) {
            throw new ConfigurationException("The attribute " + owner.getSimpleName() + "." + name
                    + " has neither a field nor a getter and setter the personal-data source can use");
        }
        for (java.lang.reflect.AccessibleObject o : new java.lang.reflect.AccessibleObject[] {field, getter, setter}) {
            if (o != null) {
                o.setAccessible(true);
            }
        }
        return new Attr(name, type, field, getter, setter);
    }

    private static Field findField(Class<?> owner, String name) {
        for (Class<?> c = owner; c != null && c != Object.class; c = c.getSuperclass()) {
            try {
                return c.getDeclaredField(name);
            } catch (NoSuchFieldException e) {
                // look further up
            }
        }
        return null;
    }

    private static Method findMethod(Class<?> owner, String name, Class<?>... parameters) {
        for (Class<?> c = owner; c != null && c != Object.class; c = c.getSuperclass()) {
            try {
                return c.getDeclaredMethod(name, parameters);
            } catch (NoSuchMethodException e) {
                // look further up
            }
        }
        return null;
    }

    /**
     * An annotation on the attribute's field or getter.
     *
     * @param annotation its type
     * @param <A> its type
     * @return it, or null
     */
    <A extends Annotation> A annotation(Class<A> annotation) {
        A found = field == null ? null : field.getAnnotation(annotation);
        if (found == null && getter != null) {
            found = getter.getAnnotation(annotation);
        }
        return found;
    }

    /** @return the attribute's name */
    public String name() {
        return name;
    }

    /** @return its Java type */
    public Class<?> type() {
        return type;
    }

    /**
     * Reads the attribute.
     *
     * @param entity the instance
     * @return the value
     */
    public Object get(Object entity) {
        try {
            return getter != null ? getter.invoke(entity) : field.get(entity);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("cannot read the attribute " + name, e);
        }
    }

    /**
     * Writes the attribute.
     *
     * @param entity the instance
     * @param value the value
     */
    public void set(Object entity, Object value) {
        try {
            if (setter != null) {
                setter.invoke(entity, value);
            } else {
                field.set(entity, value);
            }
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("cannot write the attribute " + name, e);
        }
    }

    @Override
    public String toString() {
        return "Attr[" + name + "]";
    }
}
