package ro.clickphone.privacy.core.policy;

import java.util.List;

/**
 * The policy document exactly as JSON has it, before validation. Jackson binds into these records
 * and rejects unknown fields; {@link PolicyValidator} checks everything else and builds the
 * {@link Policy}. Values that need checking (dates, enums, periods) stay strings here so that the
 * validator can report them with their path in one uniform way.
 */
record PolicyDocument(
        String schema,
        String version,
        String effectiveFrom,
        Boolean effectiveFromAssumed,
        String effectiveFromBasis,
        TextDoc text,
        String changeAnnouncement,
        String language,
        String timeZone,
        String financialYearEnd,
        ControllerDoc controller,
        ContactDoc dpo,
        ContactDoc supervisoryAuthority,
        List<ContactPointDoc> contacts,
        List<String> notificationSenders,
        List<MaterialChangeDoc> materialChanges,
        List<SubjectDoc> dataSubjects,
        List<CategoryDoc> categories,
        List<NeverStoredDoc> neverStored,
        List<PurposeDoc> purposes,
        List<RecipientDoc> recipients,
        List<RetentionDoc> retentionRules,
        List<KeyScopeDoc> keyScopes,
        List<NotificationDoc> notificationTypes,
        TransfersDoc transfers,
        List<LocationDoc> processingLocations,
        List<MeasureDoc> securityMeasures,
        List<RightDoc> rights,
        PseudonymizationDoc pseudonymization,
        List<AutomatedDecisionDoc> automatedDecisions,
        List<DataSourceDoc> dataSources,
        ExportStatementsDoc exportStatements) {

    record ControllerDoc(String name, String address, String fiscalCode, String tradeRegisterNumber,
            String phone, String fax, String email, String web) {
    }

    record ContactDoc(String name, String email, String phone, String web) {
    }

    record ContactPointDoc(String id, String name, String email, String phone, String web) {
    }

    record MaterialChangeDoc(String purpose, String summary, Boolean diminishesRights) {
    }

    record TextDoc(String resource, String sha256) {
    }

    record SubjectDoc(String id, String description) {
    }

    record CategoryDoc(String id, String name, String description, List<String> fields, String keyScope,
            String retention, Boolean special, List<String> withheldFromExport) {
    }

    record AutomatedDecisionDoc(String id, String name, String description, String logic, String significance,
            Boolean profiling, List<String> categories) {
    }

    record DataSourceDoc(String id, String name, String description, Boolean publiclyAccessible,
            List<String> categories) {
    }

    record ExportStatementsDoc(String noAutomatedDecisions, String automatedDecisions, String noDataSources,
            String dataSources, String portabilityRule, String unsupportedSource, String withheldFields) {
    }

    record NeverStoredDoc(String id, String description, List<String> fields, String handledBy, String kind) {
    }

    record PurposeDoc(String id, String name, String description, String legalBasis, String legalReference,
            Boolean mandatory, String objection, Boolean continuesWhenRestricted, String balancingTest,
            List<String> dataSubjects, List<String> categories, List<String> recipients) {
    }

    record RecipientDoc(String id, String name, String kind, String description, String country,
            List<String> categories, String condition) {
    }

    record RetentionDoc(String id, String kind, String period, String event, Boolean minimum,
            Boolean extendedByLegalHold, String legalReference, String description) {
    }

    record KeyScopeDoc(String id, String description) {
    }

    record NotificationDoc(String id, String description, String purpose, List<String> categories,
            List<String> channels, String sender, List<PayloadFieldDoc> payload, List<String> attachments) {
    }

    record PayloadFieldDoc(String name, String kind, Boolean masked, Boolean optional, String category) {
    }

    record TransfersDoc(Boolean outsideEea, List<String> permittedCountries, String statement,
            List<TransferExceptionDoc> exceptions) {
    }

    record TransferExceptionDoc(String recipient, String country, Boolean confirmed, String note) {
    }

    record LocationDoc(String id, String description, String address, String country, List<String> categories) {
    }

    record MeasureDoc(String id, String description) {
    }

    record RightDoc(String right, String description, String howToExercise) {
    }

    record PseudonymizationDoc(List<ReasonDoc> reasons, List<ContextDoc> contexts) {
    }

    record ReasonDoc(String code, String purpose, Boolean caseReference, String description) {
    }

    record ContextDoc(String id, String description, List<String> categories, String purpose,
            List<String> reasons) {
    }
}
