package ro.clickphone.privacy.examples.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import ro.clickphone.privacy.core.policy.Policy;
import ro.clickphone.privacy.core.policy.RecordOfProcessing;

/**
 * {@code clickphone-privacy ropa}: the record of processing activities (GDPR art. 30) of ClickPhone's
 * policy or of an operator's own document, in Markdown or JSON, to standard output or a file.
 */
@Command(name = "ropa", mixinStandardHelpOptions = true,
        description = {"Prints the record of processing activities (GDPR art. 30) of a policy.",
            "%nWithout --policy, of ClickPhone's own policy (bundled with the SDK).%n"},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:the record was written", "2:usage, or a policy file that cannot be read or is invalid"})
final class RopaCommand implements Runnable {

    /** The output formats. */
    enum Format {
        /** Markdown, for people. */
        md,
        /** JSON, for tools. */
        json
    }

    @Option(names = "--format", paramLabel = "md|json", defaultValue = "md",
            description = "md (Markdown, the default) or json.")
    Format format;

    @Option(names = "--policy", paramLabel = "FILE",
            description = "A policy document (docs/POLICY-FORMAT.md); its archived text is read from beside it.")
    Path policy;

    @Option(names = "--out", paramLabel = "FILE", description = "Write the record to FILE instead of standard output.")
    Path out;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        Policy loaded = PolicyFiles.loadOrDefault(policy, "--policy");
        RecordOfProcessing record = RecordOfProcessing.from(loaded);
        String text = format == Format.json ? record.toJson() : record.toMarkdown();
        if (out == null) {
            PrintWriter writer = spec.commandLine().getOut();
            writer.print(text);
            writer.flush();
            return;
        }
        try {
            Files.writeString(out, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new BadInputException("--out: cannot write " + out + " (" + e.getClass().getSimpleName() + ")", e);
        }
        spec.commandLine().getErr().println("record of processing written to " + out);
    }
}
