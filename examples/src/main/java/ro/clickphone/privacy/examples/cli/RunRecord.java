package ro.clickphone.privacy.examples.cli;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The two files a {@code pseudonymize} run keeps beside its output.
 *
 * <p>{@code <out>.resume.json}: the parameters that decide the output's bytes (profile, context, key
 * version, input path and size, report path), written at the start of every run that is not a
 * {@code --resume}; a {@code --resume} is refused when they differ from its own, so that an output is
 * never continued with another profile, key version or input.
 *
 * <p>{@code <out>.run.json}: the run's record, durable where the in-memory kit's audit trail is not:
 * tool version, actor, OS user, start and end, profile, context, purpose, key version, input name,
 * size and SHA-256, output SHA-256, rows read, written and rejected, one entry per run of the chain (a
 * first run, then each {@code --resume} or {@code --skip-rows} run appending to the output). Written
 * when the run starts (outcome {@code running}, so that a killed run leaves a trace) and rewritten when
 * it ends. Neither file holds key material or a value of the data.
 */
final class RunRecord {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private RunRecord() {
    }

    /**
     * The resume file of an output.
     *
     * @param out the output
     * @return {@code <out>.resume.json}
     */
    static Path resumeFile(Path out) {
        return out.resolveSibling(out.getFileName() + ".resume.json");
    }

    /**
     * The run record of an output.
     *
     * @param out the output
     * @return {@code <out>.run.json}
     */
    static Path runFile(Path out) {
        return out.resolveSibling(out.getFileName() + ".run.json");
    }

    /**
     * Writes the resume parameters.
     *
     * @param out the output
     * @param parameters the parameters
     * @throws IOException if it cannot be written
     */
    static void writeResume(Path out, Map<String, Object> parameters) throws IOException {
        write(resumeFile(out), parameters);
    }

    /**
     * Checks that a resumed run has the parameters of the run it continues.
     *
     * @param out the output
     * @param parameters this run's parameters
     * @throws BadInputException if there is no resume file, or a parameter differs (named, not shown)
     */
    static void checkResume(Path out, Map<String, Object> parameters) {
        Path file = resumeFile(out);
        if (!Files.isRegularFile(file)) {
            throw new BadInputException("--resume: no " + file + " (written when a run starts): nothing to resume;"
                    + " run without --resume");
        }
        Map<String, Object> earlier;
        try {
            earlier = JSON.readValue(file.toFile(), new TypeReference<LinkedHashMap<String, Object>>() { });
        } catch (IOException e) {
            throw new BadInputException("--resume: cannot read " + file + " (" + e.getClass().getSimpleName() + ")", e);
        }
        List<String> differ = new ArrayList<>();
        for (Map.Entry<String, Object> parameter : parameters.entrySet()) {
            if (!String.valueOf(parameter.getValue()).equals(String.valueOf(earlier.get(parameter.getKey())))) {
                differ.add(parameter.getKey());
            }
        }
        if (!differ.isEmpty()) {
            throw new BadInputException("--resume: the run that wrote " + out + " had another " + String.join(", ", differ)
                    + " (see " + file + "); resume with the same command, or start again without --resume");
        }
    }

    /**
     * The runs recorded so far for an output, to continue its chain.
     *
     * @param out the output
     * @return the earlier runs' entries, or none when there is no readable record
     */
    static List<Map<String, Object>> earlierRuns(Path out) {
        Path file = runFile(out);
        if (!Files.isRegularFile(file)) {
            return List.of();
        }
        try {
            Map<String, Object> record = JSON.readValue(file.toFile(), new TypeReference<LinkedHashMap<String, Object>>() { });
            Object runs = record.get("runs");
            List<Map<String, Object>> entries = new ArrayList<>();
            if (runs instanceof List<?> list) {
                for (Object entry : list) {
                    if (entry instanceof Map<?, ?> map) {
                        Map<String, Object> copy = new LinkedHashMap<>();
                        map.forEach((k, v) -> copy.put(String.valueOf(k), v));
                        entries.add(copy);
                    }
                }
            }
            return entries;
        } catch (IOException e) {
            return List.of();
        }
    }

    /**
     * Writes the run record: the chain of runs of one output.
     *
     * @param out the output
     * @param runs the entries, the current run last
     * @throws IOException if it cannot be written
     */
    static void writeRuns(Path out, List<Map<String, Object>> runs) throws IOException {
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("tool", new Version().getVersion()[0]);
        record.put("output", out.getFileName().toString());
        record.put("note", "The record of the runs that wrote the output; the tool keeps no other audit of them.");
        record.put("runs", runs);
        write(runFile(out), record);
    }

    /**
     * The SHA-256 of a file, hex.
     *
     * @param file the file
     * @return the digest
     * @throws IOException if it cannot be read
     */
    static String sha256(Path file) throws IOException {
        MessageDigest digest = sha256();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[1 << 16];
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /**
     * A new SHA-256 digest.
     *
     * @return the digest
     */
    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    private static void write(Path file, Object value) throws IOException {
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        JSON.writeValue(temp.toFile(), value);
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
