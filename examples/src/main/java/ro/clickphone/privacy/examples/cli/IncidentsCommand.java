package ro.clickphone.privacy.examples.cli;

import picocli.CommandLine.Command;

/** {@code clickphone-privacy incidents}: placeholder, built by issue 17's helpers. */
@Command(name = "incidents", mixinStandardHelpOptions = true, description = "(being built)")
final class IncidentsCommand implements Runnable {

    @Override
    public void run() {
        throw new BadInputException("incidents: not built yet");
    }
}
