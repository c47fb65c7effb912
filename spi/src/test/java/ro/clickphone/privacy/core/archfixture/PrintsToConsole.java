package ro.clickphone.privacy.core.archfixture;

/** Fixture: library code must not print. */
public final class PrintsToConsole {

    public void run() {
        System.out.println("hello");
    }
}
