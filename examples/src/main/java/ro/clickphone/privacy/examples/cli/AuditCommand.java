package ro.clickphone.privacy.examples.cli;

import picocli.CommandLine.Command;

/** {@code clickphone-privacy audit}: placeholder, built by issue 17's helpers. */
@Command(name = "audit", mixinStandardHelpOptions = true, description = "(being built)")
final class AuditCommand implements Runnable {

    @Override
    public void run() {
        throw new BadInputException("audit: not built yet");
    }
}
