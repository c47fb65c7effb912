package ro.clickphone.privacy.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The child-JVM runner of {@link SweepMemoryTest} ends at its deadline, whatever the child does. */
class ChildJvmTest {

    /** A child that writes a line, then hangs. */
    static final class Hangs {
        private Hangs() {
        }

        public static void main(String[] args) throws InterruptedException {
            System.out.println("started, now hanging");
            System.out.flush();
            Thread.sleep(Long.MAX_VALUE);
        }
    }

    /** A child that writes more than a pipe holds, then exits with 3. */
    static final class Talks {
        private Talks() {
        }

        public static void main(String[] args) {
            String line = "x".repeat(1023);
            for (int i = 0; i < 1024; i++) {
                System.out.println(line);
            }
            System.exit(3);
        }
    }

    // Reading the child's output to its end before waiting (as the runner once did) blocks until the child
    // exits: with a hung child this test would hang, so JUnit stops it on another thread.
    @Test
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void hungChild_isKilledAtTheDeadline_andItsOutputKept(@TempDir Path dir) throws Exception {
        long start = System.nanoTime();
        ChildJvm.Result result = ChildJvm.run(dir.resolve("child.log"), Duration.ofSeconds(3), List.of("-Xmx32m"),
                Hangs.class);
        assertFalse(result.finished(), result.describe());
        assertTrue(result.output().contains("started, now hanging"), result.describe());
        assertTrue(Duration.ofNanos(System.nanoTime() - start).compareTo(Duration.ofSeconds(40)) < 0);
    }

    @Test
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void talkativeChild_finishes_withItsStatusAndAllItsOutput(@TempDir Path dir) throws Exception {
        ChildJvm.Result result = ChildJvm.run(dir.resolve("child.log"), Duration.ofSeconds(50), List.of("-Xmx32m"),
                Talks.class);
        assertTrue(result.finished(), result.describe().lines().limit(3).toList().toString());
        assertEquals(3, result.exitValue());
        assertEquals(1024 * 1024, result.output().replace("\r\n", "\n").length());
    }
}
