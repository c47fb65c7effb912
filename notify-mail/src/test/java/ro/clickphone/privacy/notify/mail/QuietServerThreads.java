package ro.clickphone.privacy.notify.mail;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * GreenMail's connection threads throw when a client hangs up in the middle of DATA — which the
 * tests of a failing attachment do on purpose — and the JVM prints that, message text and all, to
 * the console. While a test class runs, such failures of GreenMail's threads (named {@code smtp:...})
 * are dropped; any other thread's go to the handler there was before.
 */
final class QuietServerThreads implements BeforeAllCallback, AfterAllCallback {

    private Thread.UncaughtExceptionHandler previous;

    @Override
    public void beforeAll(ExtensionContext context) {
        previous = Thread.getDefaultUncaughtExceptionHandler();
        Thread.setDefaultUncaughtExceptionHandler((thread, failure) -> {
            if (thread.getName().startsWith("smtp:")) {
                return;
            }
            if (previous != null) {
                previous.uncaughtException(thread, failure);
            } else {
                thread.getThreadGroup().uncaughtException(thread, failure);
            }
        });
    }

    @Override
    public void afterAll(ExtensionContext context) {
        Thread.setDefaultUncaughtExceptionHandler(previous);
    }
}
