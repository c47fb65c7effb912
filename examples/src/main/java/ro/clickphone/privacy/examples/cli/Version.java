package ro.clickphone.privacy.examples.cli;

import picocli.CommandLine.IVersionProvider;

/** The tool's version: the SDK's, from the jar's manifest when there is one. */
final class Version implements IVersionProvider {

    @Override
    public String[] getVersion() {
        String version = ClickPhonePrivacyCli.class.getPackage().getImplementationVersion();
        return new String[] {"clickphone-privacy " + (version == null ? "(development build)" : version)};
    }
}
