package ro.clickphone.privacy.examples.cli;

import picocli.CommandLine.Command;

/** {@code clickphone-privacy receipt}: placeholder, built by issue 17's helpers. */
@Command(name = "receipt", mixinStandardHelpOptions = true, description = "(being built)")
final class ReceiptCommand implements Runnable {

    @Override
    public void run() {
        throw new BadInputException("receipt: not built yet");
    }
}
