package ro.clickphone.privacy.examples.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged tool, {@code target/clickphone-privacy.jar}, run in a child JVM as a user runs it. Failsafe
 * runs this in {@code verify}, after {@code package} built the jar; a missing jar fails the test.
 */
class ClickPhonePrivacyJarIT {

    private static final Path JAR = Path.of("target", "clickphone-privacy.jar");

    @TempDir
    Path dir;

    /** What the child printed and returned. */
    private record Child(int code, String out, String err) {
    }

    private Child run(Map<String, String> environment, String... args) throws IOException, InterruptedException {
        assertTrue(Files.isRegularFile(JAR), JAR.toAbsolutePath() + " is built in the package phase");
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-jar");
        command.add(JAR.toString());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectOutput(dir.resolve("stdout.txt").toFile())
                .redirectError(dir.resolve("stderr.txt").toFile());
        builder.environment().remove(PseudonymizeCommand.KEY_VARIABLE);
        builder.environment().putAll(environment);
        Process process = builder.start();
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "the tool ended");
        return new Child(process.exitValue(), Files.readString(dir.resolve("stdout.txt"), StandardCharsets.UTF_8),
                Files.readString(dir.resolve("stderr.txt"), StandardCharsets.UTF_8));
    }

    @Test
    void help_runsFromTheShadedJar() throws Exception {
        Child child = run(Map.of(), "--help");
        assertEquals(0, child.code(), child.err());
        assertTrue(child.out().startsWith("Usage: clickphone-privacy "), child.out());
        assertTrue(child.out().contains("pseudonymize"), child.out());
        assertTrue(child.out().contains("Exit codes:"), child.out());
    }

    @Test
    void badInput_isOneLineAndExitTwo_fromTheShadedJar() throws Exception {
        Child child = run(Map.of(), "policy", "validate", dir.resolve("missing.json").toString());
        assertEquals(ExitCodes.USAGE, child.code());
        assertEquals(1, child.err().lines().count(), child.err());
        assertTrue(child.err().startsWith("clickphone-privacy: FILE: no such file "), child.err());
    }

    @Test
    void pseudonymize_withItsOutputPiped_printsPlainProgressLinesAndNoLogLines() throws Exception {
        CdrFiles.Generated in = CdrFiles.write(dir.resolve("cdrs.csv"), 2000, 0, 21);
        Child child = run(Map.of(PseudonymizeCommand.KEY_VARIABLE, Cli.KEY), "pseudonymize", "--profile", "analytics",
                "--in", in.file().toString(), "--out", dir.resolve("out.csv").toString());
        assertEquals(0, child.code(), child.err());
        assertFalse(child.err().isEmpty());
        assertTrue(child.err().lines().allMatch(line -> line.startsWith("progress: ")), child.err());
        assertFalse(child.err().contains("\r"), child.err());
        assertFalse((child.out() + child.err()).contains(Cli.KEY));
        assertEquals(2001, Files.readAllLines(dir.resolve("out.csv")).size());
    }

    /**
     * Starts a long run in a child JVM, stops it once part of its output is on disk (SIGKILL or SIGTERM),
     * then resumes it in-process with {@code --resume}: the output and the report are byte for byte those
     * of one uninterrupted run.
     */
    private Child interruptAndResume(boolean kill) throws Exception {
        assertTrue(Files.isRegularFile(JAR), JAR.toAbsolutePath() + " is built in the package phase");
        Path in = CdrFiles.write(dir.resolve("cdrs.csv"), 200_000, 97, 31).file();
        Path out = dir.resolve("out.csv");
        List<String> args = List.of("pseudonymize", "--profile", "analytics", "--in", in.toString(), "--out",
                out.toString(), "--threads", "2", "--progress", "none");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", JAR.toString()));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(dir.resolve("stdout.txt").toFile())
                .redirectError(dir.resolve("stderr.txt").toFile());
        builder.environment().put(PseudonymizeCommand.KEY_VARIABLE, Cli.KEY);
        Process process = builder.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.exists(out) || Files.size(out) < 1_000_000) {
            assertTrue(process.isAlive(), "the run is still going when stopped");
            assertTrue(System.nanoTime() < deadline, "the run wrote 1 MB within a minute");
            Thread.sleep(20);
        }
        if (kill) {
            process.destroyForcibly();
        } else {
            process.destroy();
        }
        assertTrue(process.waitFor(30, TimeUnit.SECONDS));
        Child stopped = new Child(process.exitValue(), Files.readString(dir.resolve("stdout.txt")),
                Files.readString(dir.resolve("stderr.txt")));
        assertTrue(Files.size(out) < 17_000_000, "stopped before the end: " + Files.size(out));

        List<String> resume = new ArrayList<>(args);
        resume.add("--resume");
        Cli.Result resumed = Cli.withKey(resume.toArray(new String[0]));
        assertEquals(ExitCodes.CHECK_FAILED, resumed.code(), resumed.all());
        assertTrue(resumed.out().contains("resuming: kept "), resumed.out());

        Path one = dir.resolve("one.csv");
        List<String> oneRun = new ArrayList<>(args);
        oneRun.set(oneRun.indexOf(out.toString()), one.toString());
        assertEquals(ExitCodes.CHECK_FAILED, Cli.withKey(oneRun.toArray(new String[0])).code());
        assertArrayEquals(Files.readAllBytes(one), Files.readAllBytes(out), "the output of one run");
        assertArrayEquals(Files.readAllBytes(dir.resolve("one.csv.rejections.csv")),
                Files.readAllBytes(dir.resolve("out.csv.rejections.csv")), "the report of one run");
        return stopped;
    }

    @Test
    void killedRun_resumesToTheBytesOfOneRun() throws Exception {
        interruptAndResume(true);
    }

    @Test
    void terminatedRun_saysToResume_andResumesToTheBytesOfOneRun() throws Exception {
        Child stopped = interruptAndResume(false);
        assertTrue(stopped.err().contains("interrupted: rerun the same command with --resume"), stopped.err());
    }
}
