package ro.clickphone.privacy.examples.cli;

import picocli.CommandLine.Command;

/** {@code clickphone-privacy policy}: placeholder, built by issue 17's helpers. */
@Command(name = "policy", mixinStandardHelpOptions = true, description = "(being built)")
final class PolicyCommand implements Runnable {

    @Override
    public void run() {
        throw new BadInputException("policy: not built yet");
    }
}
