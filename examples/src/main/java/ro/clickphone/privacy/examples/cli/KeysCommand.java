package ro.clickphone.privacy.examples.cli;

import picocli.CommandLine.Command;

/** {@code clickphone-privacy keys}: placeholder, built by issue 17's helpers. */
@Command(name = "keys", mixinStandardHelpOptions = true, description = "(being built)")
final class KeysCommand implements Runnable {

    @Override
    public void run() {
        throw new BadInputException("keys: not built yet");
    }
}
