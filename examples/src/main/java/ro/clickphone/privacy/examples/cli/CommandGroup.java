package ro.clickphone.privacy.examples.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * A command that only groups subcommands ({@code audit}, {@code keys}, ...): run alone, it is a usage
 * error that names its subcommands (exit {@value ExitCodes#USAGE}).
 */
abstract class CommandGroup implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        List<String> names = new ArrayList<>(spec.subcommands().keySet());
        names.remove("help");
        throw new ParameterException(spec.commandLine(), "name a subcommand: " + String.join(", ", names)
                + " (see --help)");
    }
}
