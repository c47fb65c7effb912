package ro.clickphone.privacy.examples.cli;

import picocli.CommandLine.Command;

/** {@code clickphone-privacy ropa}: placeholder, built by issue 17's helpers. */
@Command(name = "ropa", mixinStandardHelpOptions = true, description = "(being built)")
final class RopaCommand implements Runnable {

    @Override
    public void run() {
        throw new BadInputException("ropa: not built yet");
    }
}
