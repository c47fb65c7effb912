package ro.clickphone.privacy.examples.cli;

import picocli.CommandLine.Command;

/** {@code clickphone-privacy pseudonymize}: placeholder, built by issue 17's helpers. */
@Command(name = "pseudonymize", mixinStandardHelpOptions = true, description = "(being built)")
final class PseudonymizeCommand implements Runnable {

    @Override
    public void run() {
        throw new BadInputException("pseudonymize: not built yet");
    }
}
