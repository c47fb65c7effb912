package ro.clickphone.privacy.benchmarks;

import java.io.File;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a class's {@code main} in a child JVM on this JVM's class path, with a deadline: the child's
 * output (standard output and error together) goes to a file, never to a pipe this JVM must drain, so
 * that waiting for the child is bounded by the deadline alone; a child still running at the deadline
 * is killed. A hung child fails its test instead of hanging the build.
 */
final class ChildJvm {

    /**
     * How a child ended.
     *
     * @param finished whether it ended by itself before the deadline
     * @param exitValue its exit status; meaningless unless {@code finished}
     * @param output what it wrote
     */
    record Result(boolean finished, int exitValue, String output) {

        /** A line for assertion messages: how the child ended, then its output. */
        String describe() {
            return (finished ? "exit " + exitValue : "killed at the deadline") + ", output:\n" + output;
        }
    }

    private ChildJvm() {
    }

    /**
     * Runs {@code main} of a class in a child JVM and waits at most {@code deadline} for it.
     *
     * @param log the file the child's output goes to (a test's temporary directory)
     * @param deadline how long to wait before killing the child
     * @param jvmOptions options of the child JVM ({@code -Xmx128m})
     * @param mainClass the class to run
     * @param args its arguments
     * @return how the child ended and what it wrote
     */
    static Result run(Path log, Duration deadline, List<String> jvmOptions, Class<?> mainClass, String... args)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(System.getProperty("java.home") + File.separator + "bin" + File.separator + "java");
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), mainClass.getName()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        boolean finished;
        try {
            finished = process.waitFor(deadline.toMillis(), TimeUnit.MILLISECONDS);
        } finally {
            if (process.isAlive()) {
                process.destroyForcibly();
                process.waitFor(30, TimeUnit.SECONDS);
            }
        }
        String output = Files.readString(log, Charset.defaultCharset());
        return new Result(finished, finished ? process.exitValue() : -1, output);
    }
}
