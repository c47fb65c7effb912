package ro.clickphone.privacy.spark;

import static org.junit.jupiter.api.Assertions.fail;

/** Spark wraps a task's exception, sometimes twice: the helpers look down the cause chain. */
final class Causes {

    private Causes() {
    }

    static <T extends Throwable> T find(Throwable thrown, Class<T> type) {
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return fail("no " + type.getSimpleName() + " in the cause chain of " + thrown.getClass().getName());
    }

    /** Every message and stack-trace text of the chain, as a log would show it. */
    static String allMessages(Throwable thrown) {
        java.io.StringWriter text = new java.io.StringWriter();
        thrown.printStackTrace(new java.io.PrintWriter(text));
        return text.toString();
    }
}
