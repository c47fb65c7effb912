package ro.clickphone.privacy.core.policy;

/**
 * The sentences an access or portability export shows its subject beside the data, in the policy's
 * {@link Policy#language() language}: they belong to the policy, as every other text the subject
 * reads does, so that they change with it and never drift from what it declares.
 *
 * @param noAutomatedDecisions shown when the policy declares no automated decision (art. 15(1)(h))
 * @param automatedDecisions introduces the automated decisions the policy declares
 * @param noDataSources shown when the policy declares no source of data not collected from the
 *     subject (art. 15(1)(g)); it should add that a record received from someone else names its origin
 * @param dataSources introduces the sources the policy declares
 * @param portabilityRule what a portability export keeps (art. 20(1))
 * @param unsupportedSource said of a system that holds the subject's data but cannot export it
 * @param withheldFields why some fields (credentials, secrets) are never in an export
 *
 * @since 0.1.0
 */
public record ExportStatements(String noAutomatedDecisions, String automatedDecisions, String noDataSources,
        String dataSources, String portabilityRule, String unsupportedSource, String withheldFields) {
}
