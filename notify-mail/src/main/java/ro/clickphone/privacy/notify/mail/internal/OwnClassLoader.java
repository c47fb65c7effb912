package ro.clickphone.privacy.notify.mail.internal;

import java.util.function.Supplier;

/**
 * Runs Jakarta Mail with this module's class loader as the thread's context class loader. Jakarta
 * Mail and Jakarta Activation find their implementations (Angus' stream provider and transports,
 * the MIME content handlers) through the context class loader; a dispatcher thread of a container,
 * or a module layer, may carry one that cannot see them — and {@code Session.getInstance} fails.
 */
public final class OwnClassLoader {

    private OwnClassLoader() {
    }

    /**
     * Runs the action with this module's class loader as the context class loader, and puts the
     * previous one back.
     *
     * @param action what to run
     * @param <T> what it returns
     * @return what it returned
     */
    public static <T> T run(Supplier<T> action) {
        Thread thread = Thread.currentThread();
        ClassLoader before = thread.getContextClassLoader();
        ClassLoader own = OwnClassLoader.class.getClassLoader();
        if (before == own) {
            return action.get();
        }
        thread.setContextClassLoader(own);
        try {
            return action.get();
        } finally {
            thread.setContextClassLoader(before);
        }
    }
}
