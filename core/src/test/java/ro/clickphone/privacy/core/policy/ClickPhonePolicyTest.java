package ro.clickphone.privacy.core.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.time.MonthDay;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import ro.clickphone.privacy.spi.DataCategory;
import ro.clickphone.privacy.spi.KeyScope;
import ro.clickphone.privacy.spi.LegalBasis;
import ro.clickphone.privacy.spi.NotificationType;
import ro.clickphone.privacy.spi.PolicyViolationException;
import ro.clickphone.privacy.spi.Purpose;
import ro.clickphone.privacy.spi.Recipient;
import ro.clickphone.privacy.spi.RetentionPeriod;

/** The shipped ClickPhone policy says what clickphone-privacy-policy.ro.md says, fact by fact. */
class ClickPhonePolicyTest {

    private static final Policy POLICY = Policy.clickPhoneDefault();

    private static DataCategory cat(String id) {
        return DataCategory.of(id);
    }

    private static PurposeDefinition purpose(String id) {
        return POLICY.purpose(Purpose.of(id));
    }

    private static Set<String> ids(List<DataCategory> categories) {
        return categories.stream().map(DataCategory::id).collect(Collectors.toSet());
    }

    @Test
    void controller_isCaroNetworkWithItsRegistrationAndContacts() {
        Controller c = POLICY.controller();
        assertEquals("Caro Network SRL", c.name());
        assertTrue(c.address().contains("Avram Iancu nr. 22"));
        assertTrue(c.address().contains("sector 2"));
        assertEquals("RO17072761", c.fiscalCode().orElseThrow());
        assertEquals("J40/21801/2004", c.tradeRegisterNumber().orElseThrow());
        assertEquals("office@caronet.ro", c.email());
        assertEquals("031 005 50 50", c.phone().orElseThrow());
        assertEquals("031 005 50 51", c.fax().orElseThrow());
    }

    @Test
    void dpo_isAndreiBucurAtDpoCaronet() {
        assertEquals("Andrei Bucur", POLICY.dpo().name());
        assertEquals("dpo@caronet.ro", POLICY.dpo().email().orElseThrow());
        assertEquals("www.dataprotection.ro", POLICY.supervisoryAuthority().orElseThrow().web().orElseThrow());
    }

    @Test
    void businessDates_areInBucharestWithCalendarFinancialYear() {
        assertEquals(ZoneId.of("Europe/Bucharest"), POLICY.timeZone());
        assertEquals(MonthDay.of(12, 31), POLICY.financialYearEnd());
        assertEquals("ro", POLICY.language());
    }

    @Test
    void categories_includeEveryCategoryOfTheDesignDigest() {
        Set<String> declared = POLICY.categories().stream().map(c -> c.category().id()).collect(Collectors.toSet());
        assertTrue(declared.containsAll(Set.of("IDENTITY", "CONTACT", "SERVICE_ADDRESS", "DELIVERY", "DEVICE", "TRAFFIC",
                "NETWORK", "COOKIES", "SESSION_STATE_COOKIES", "ANALYTICS_COOKIES", "FINANCIAL", "VOICEMAIL", "FAX",
                "CREDENTIALS")), declared.toString());
    }

    @Test
    void identity_holdsNameAndIdCardAddressForFiscalDocumentsByLaw() {
        assertEquals(List.of("first_name", "last_name", "id_card_address"), POLICY.category(cat("IDENTITY")).fields());
        PurposeDefinition fiscal = purpose("FISCAL_DOCUMENTS");
        assertEquals(LegalBasis.LEGAL_OBLIGATION, fiscal.legalBasis());
        assertTrue(fiscal.categories().containsAll(List.of(cat("IDENTITY"), cat("FINANCIAL"))));
        assertTrue(fiscal.mandatory());
    }

    @Test
    void contact_holdsNameEmailForNotificationsAndContactPhoneUnderContract() {
        assertEquals(List.of("first_name", "last_name", "notification_email", "contact_phone"),
                POLICY.category(cat("CONTACT")).fields());
        assertEquals(List.of("service_address"), POLICY.category(cat("SERVICE_ADDRESS")).fields());
        PurposeDefinition service = purpose("SERVICE_PROVISION");
        assertEquals(LegalBasis.CONTRACT, service.legalBasis());
        assertTrue(service.categories().containsAll(List.of(cat("CONTACT"), cat("SERVICE_ADDRESS"))));
    }

    @Test
    void delivery_goesToTheCourierOnlyAndTheCourierGetsNothingElse() {
        assertEquals(List.of("first_name", "last_name", "delivery_address", "contact_phone"),
                POLICY.category(cat("DELIVERY")).fields());
        RecipientDefinition courier = POLICY.recipient(Recipient.of("COURIER"));
        assertEquals(RecipientKind.PROCESSOR, courier.kind());
        assertEquals(List.of(cat("DELIVERY")), courier.categories());
        assertTrue(purpose("SHIPPING").recipients().contains(Recipient.of("COURIER")));
    }

    @Test
    void device_holdsHardwareModelAndOperatingSystem() {
        assertEquals(List.of("hardware_model", "operating_system"), POLICY.category(cat("DEVICE")).fields());
    }

    @Test
    void traffic_holdsTheTelephonyLogFieldsOfThePolicy() {
        assertEquals(List.of("phone_number", "caller_number", "forwarding_numbers", "call_started_at", "call_duration",
                "sms_destination_numbers"), POLICY.category(cat("TRAFFIC")).fields());
        assertEquals(List.of("ip_address", "pbx_allowed_ip"), POLICY.category(cat("NETWORK")).fields());
    }

    @Test
    void noCategory_carriesSmsContent() {
        for (CategoryDefinition c : POLICY.categories()) {
            for (String field : c.fields()) {
                assertFalse(field.startsWith("sms_") && !field.equals("sms_destination_numbers"),
                        c.category() + " has SMS field " + field);
                assertFalse(field.contains("content") || field.contains("text") || field.contains("body"),
                        c.category() + " has field " + field);
            }
        }
        NeverStoredDefinition sms = neverStored("SMS_CONTENT");
        assertTrue(sms.fields().contains("sms_content"));
    }

    @Test
    void cardData_isNeverStoredAndHandledByPayU() {
        NeverStoredDefinition card = neverStored("PAYMENT_CARD_DATA");
        assertTrue(card.fields().containsAll(List.of("card_type", "card_number", "card_expiry")));
        assertEquals(Recipient.of("PAYU"), card.handledBy().orElseThrow());
        // The kit closes card-number fields by this kind, not by a field id.
        assertEquals(Optional.of(NeverStoredKind.PAYMENT_CARD), card.kind());
        assertEquals(List.of(card), POLICY.neverStored().stream().filter(n -> n.kind().isPresent()).toList());
        for (CategoryDefinition c : POLICY.categories()) {
            assertFalse(c.fields().stream().anyMatch(f -> f.startsWith("card_")), c.category() + " stores card data");
        }
    }

    private static NeverStoredDefinition neverStored(String id) {
        return POLICY.neverStored().stream().filter(n -> n.id().equals(id)).findFirst().orElseThrow();
    }

    @Test
    void financial_isKept10YearsFromTheEndOfTheFinancialYear() {
        RetentionRule rule = POLICY.retentionOf(cat("FINANCIAL"));
        assertEquals(RetentionKind.FROM_FINANCIAL_YEAR_END, rule.kind());
        assertEquals(RetentionPeriod.ofYears(10), rule.period().orElseThrow());
        assertTrue(rule.legalReference().orElseThrow().contains("2634/2015"));
        assertTrue(rule.extendedByLegalHold());
        // An invoice of 10 March 2024 is kept through 31 December 2034.
        assertEquals(LocalDate.of(2034, 12, 31),
                rule.lastDayKept(LocalDate.of(2024, 3, 10), POLICY.financialYearEnd()).orElseThrow());
        assertEquals(rule, POLICY.retentionOf(cat("IDENTITY")));
    }

    @Test
    void traffic_isKeptAtLeast3YearsAfterContractEndAndExtendedByLegalHold() {
        RetentionRule rule = POLICY.retentionOf(cat("TRAFFIC"));
        assertEquals(RetentionKind.AFTER_EVENT, rule.kind());
        assertEquals("contract-end", rule.event().orElseThrow());
        assertEquals(RetentionPeriod.ofYears(3), rule.period().orElseThrow());
        assertTrue(rule.minimum());
        assertTrue(rule.extendedByLegalHold());
        assertTrue(rule.legalReference().orElseThrow().contains("ANCOM"));
        assertEquals(LocalDate.of(2028, 6, 30),
                rule.lastDayKept(LocalDate.of(2025, 6, 30), POLICY.financialYearEnd()).orElseThrow());
        assertEquals(rule, POLICY.retentionOf(cat("NETWORK")));
    }

    @Test
    void analyticsCookies_needConsentAndAreKeptUntilWithdrawn() {
        PurposeDefinition analytics = purpose("ANALYTICS");
        assertEquals(LegalBasis.CONSENT, analytics.legalBasis());
        assertEquals(List.of(cat("ANALYTICS_COOKIES")), analytics.categories());
        assertEquals(RetentionKind.UNTIL_CONSENT_WITHDRAWN, POLICY.retentionOf(cat("ANALYTICS_COOKIES")).kind());
        assertEquals(RetentionKind.END_OF_SESSION, POLICY.retentionOf(cat("COOKIES")).kind());
    }

    @Test
    void marketing_isConsentBasedOrObjectable() {
        for (String id : List.of("MARKETING", "SERVICE_ANNOUNCEMENTS")) {
            PurposeDefinition p = purpose(id);
            assertTrue(p.requiresConsent() || p.objection() == ObjectionRule.ABSOLUTE, id);
            assertTrue(p.subjectCanStop(), id);
            assertFalse(p.mandatory(), id);
        }
        assertEquals(LegalBasis.CONSENT, purpose("MARKETING").legalBasis());
    }

    @Test
    void securityAlerts_areNotSuppressibleByMarketingObjection() {
        // "avertizări de securitate: schimbare parolă, creare PIN de securitate, depășire limită valoare zilnică
        // setată a convorbirilor". The last two are listed under "Notificări:", not among the alerts:
        // "notificări pe email cu privire la schimbare parolă/ recuperare parolă contului ClickPhone" and
        // "notificare pe email la schimbarea IP ului de la care centrala ClickPhone să permită efectuarea și
        // primirea de apeluri telefonice doar de la o anumită adresă IP"; the encoding treats them as alerts
        // (docs/POLICY-NOTES.md).
        for (String id : List.of("SECURITY_PASSWORD_CHANGED", "SECURITY_PIN_CREATED", "SECURITY_DAILY_LIMIT_EXCEEDED",
                "PASSWORD_RESET", "PBX_ALLOWED_IP_CHANGED")) {
            NotificationTypeDefinition n = POLICY.notificationType(NotificationType.of(id));
            assertEquals(Purpose.of("SECURITY_ALERTS"), n.purpose(), id);
            assertFalse(n.suppressible(), id);
        }
        assertTrue(purpose("SECURITY_ALERTS").mandatory());
        assertFalse(purpose("SECURITY_ALERTS").subjectCanStop());
    }

    @Test
    void marketingNotifications_areSuppressible() {
        for (String id : List.of("MARKETING_OFFER", "SERVICE_ANNOUNCEMENT")) {
            assertTrue(POLICY.notificationType(NotificationType.of(id)).suppressible(), id);
        }
    }

    @Test
    void tariffAndContractChanges_areContractNoticesNoChoiceSuppresses() {
        // "De asemenea, folosim aceste informații pentru a vă transmite informații vitale funcționării continue
        // și în siguranță a serviciilor de telefonie oferite: [...] marketing. Oferte sau modificări ale
        // tarifelor": tariff changes are listed among the vital information, so a subscriber is told of them
        // whatever their marketing choices; only offers are marketing.
        for (String id : List.of("TARIFF_CHANGE", "CONTRACT_CHANGE")) {
            NotificationTypeDefinition n = POLICY.notificationType(NotificationType.of(id));
            assertEquals(Purpose.of("CONTRACT_NOTICES"), n.purpose(), id);
            assertEquals(LegalBasis.CONTRACT, n.legalBasis(), id);
            assertFalse(n.suppressible(), id);
        }
        PurposeDefinition notices = purpose("CONTRACT_NOTICES");
        assertEquals(ObjectionRule.NONE, notices.objection());
        assertTrue(notices.mandatory());
        assertTrue(notices.continuesWhenRestricted());
        assertEquals(Purpose.of("MARKETING"), POLICY.notificationType(NotificationType.of("MARKETING_OFFER")).purpose());
        assertFalse(purpose("MARKETING").description().toLowerCase(java.util.Locale.ROOT).contains("tariff"));
        // "Putem să utilizăm adresa dvs. de e-mail pentru a vă informa despre serviciile noastre, cum ar fi
        // anunțuri despre modificările sau îmbunătățirile viitoare": those announcements stay objectable, but
        // an announcement of a contract change does not go through them.
        assertEquals(Purpose.of("SERVICE_ANNOUNCEMENTS"),
                POLICY.notificationType(NotificationType.of("SERVICE_ANNOUNCEMENT")).purpose());
        assertEquals(ObjectionRule.ABSOLUTE, purpose("SERVICE_ANNOUNCEMENTS").objection());
    }

    @Test
    void sessionStateCookies_needConsent_andVisitorsHaveNoContract() {
        // "Starea sesiunii [...] Blocarea sau ștergerea acestor cookie-uri nu va face site-ul inutilizabil": not
        // strictly necessary (Legea 506/2004 art. 4(5)), so they are set only with consent.
        PurposeDefinition sessionState = POLICY.purposesProcessing(cat("SESSION_STATE_COOKIES")).get(0);
        assertEquals(1, POLICY.purposesProcessing(cat("SESSION_STATE_COOKIES")).size());
        assertEquals(LegalBasis.CONSENT, sessionState.legalBasis());
        assertEquals(List.of("session_state_cookie"), POLICY.category(cat("SESSION_STATE_COOKIES")).fields());
        assertFalse(POLICY.category(cat("COOKIES")).fields().contains("session_state_cookie"));
        // A visitor has no contract: nothing processes a visitor's data on CONTRACT, and the site's own
        // (security and process) cookies are not part of providing the telephony service.
        for (PurposeDefinition p : POLICY.purposes()) {
            if (p.dataSubjects().contains("VISITOR")) {
                assertTrue(p.legalBasis() != LegalBasis.CONTRACT, p.purpose().id());
            }
        }
        assertFalse(purpose("SERVICE_PROVISION").dataSubjects().contains("VISITOR"));
        assertFalse(purpose("SERVICE_PROVISION").categories().contains(cat("COOKIES")));
        // "Utilizăm cookie-urile pentru securitate pentru a autentifica utilizatorii": visitors' security
        // cookies stay on legitimate interests, with the balancing written down.
        PurposeDefinition website = purpose("WEBSITE_OPERATION");
        assertEquals(LegalBasis.LEGITIMATE_INTERESTS, website.legalBasis());
        assertTrue(website.dataSubjects().contains("VISITOR"));
        assertEquals(List.of(cat("COOKIES")), website.categories());
        assertTrue(website.balancingTest().isPresent());
    }

    @Test
    void googleAnalytics_isARecipientInIreland_andCookiesAreNotOnTheServers() {
        // "Google Analytics poate folosi un set de cookie-uri pentru a culege informații și pentru a raporta date
        // statistice privind utilizarea site-ului, fără a trimite la Google date care identifică vizitatorii":
        // cookie identifiers and the IP address that reaches Google are personal data all the same, so Google
        // is a recipient (processor); the contradiction is a question for the DPO (docs/POLICY-NOTES.md).
        RecipientDefinition google = POLICY.recipient(Recipient.of("GOOGLE"));
        assertEquals(RecipientKind.PROCESSOR, google.kind());
        assertEquals("IE", google.country());
        assertTrue(google.name().contains("Google Ireland"));
        assertEquals(List.of(cat("ANALYTICS_COOKIES")), google.categories());
        assertEquals(List.of(Recipient.of("GOOGLE")), purpose("ANALYTICS").recipients());
        assertTrue(POLICY.category(cat("ANALYTICS_COOKIES")).fields().contains("visitor_ip_address"));
        // Cookies live in the visitor's browser, not at the NXDATA 2 servers.
        for (ProcessingLocation l : POLICY.processingLocations()) {
            for (String c : List.of("COOKIES", "SESSION_STATE_COOKIES", "ANALYTICS_COOKIES")) {
                assertFalse(l.categories().contains(cat(c)), l.id() + " holds " + c);
            }
        }
    }

    @Test
    void transfers_noCountryButRomania_withGoogleAsTheExceptionTheDpoMustConfirm() {
        // "Nu avem intenția de a transfera date cu caracter personal către o altă țară sau o organizație
        // internațională": no other country at all, not only outside the EEA.
        Transfers transfers = POLICY.transfers();
        assertEquals(List.of("RO"), transfers.permittedCountries());
        assertFalse(transfers.outsideEea());
        assertEquals(1, transfers.exceptions().size());
        TransferException google = transfers.exceptions().get(0);
        assertEquals(Recipient.of("GOOGLE"), google.recipient());
        assertEquals("IE", google.country());
        assertFalse(google.confirmed(), "the DPO has not confirmed Google's processing");
        for (RecipientDefinition r : POLICY.recipients()) {
            assertTrue(transfers.permits(r.recipient(), r.country()), r.recipient().id());
            if (!r.recipient().equals(Recipient.of("GOOGLE"))) {
                assertEquals("RO", r.country(), r.recipient().id());
            }
        }
        assertFalse(transfers.permits(Recipient.of("COURIER"), "BG"), "another EEA country is still another country");
        assertFalse(transfers.permits(Recipient.of("GOOGLE"), "US"));
    }

    @Test
    void delivery_hasItsOwnKeyScopeAndRetention_notTheFiscalOnes() {
        // "Pentru serviciile de expediii echipamente, nu este necesara crearea unui cont": a buyer has no
        // contract, and delivery data is not a fiscal document.
        assertEquals(KeyScope.of("delivery"), POLICY.keyScopeOf(cat("DELIVERY")).orElseThrow());
        RetentionRule rule = POLICY.retentionOf(cat("DELIVERY"));
        assertEquals(RetentionKind.AFTER_EVENT, rule.kind());
        assertEquals("warranty-end", rule.event().orElseThrow());
        assertEquals(List.of(cat("IDENTITY"), cat("FINANCIAL")), purpose("FISCAL_DOCUMENTS").categories());
        assertTrue(POLICY.categoriesIn(KeyScope.of("fiscal")).stream().noneMatch(c -> c.equals(cat("DELIVERY"))));
        // "Un astfel de document necesita minim, obligatoriu, completarea cu urmatoarele date: Nume si Prenume,
        // Adresa din CI": the name and address on an invoice are kept with it, as IDENTITY.
        assertTrue(POLICY.category(cat("IDENTITY")).description().contains("printed on an invoice"));
        assertEquals(POLICY.retentionOf(cat("FINANCIAL")), POLICY.retentionOf(cat("IDENTITY")));
    }

    @Test
    void device_hasItsOwnKeyScope_keptForTheContract_notUnderTheAncomRule() {
        // "informații despre dispozitiv. Colectăm informații despre dispozitiv (cum ar fi modelul de hardware,
        // tipul sistemului de operare)": not among the data "care se supun deciziilor și legilor ANCOM".
        assertEquals(KeyScope.of("device"), POLICY.keyScopeOf(cat("DEVICE")).orElseThrow());
        assertEquals("CONTRACT_DURATION", POLICY.retentionOf(cat("DEVICE")).id());
    }

    @Test
    void securityAlerts_restOnTheContract_andContinueUnderARestriction() {
        // "avertizări de securitate: schimbare parolă, creare PIN de securitate, depășire limită valoare zilnică
        // setată a convorbirilor": they protect the account the customer pays for.
        PurposeDefinition alerts = purpose("SECURITY_ALERTS");
        assertEquals(LegalBasis.CONTRACT, alerts.legalBasis());
        assertEquals(List.of("CUSTOMER"), alerts.dataSubjects());
        assertTrue(alerts.continuesWhenRestricted());
        // Only the alerts are exempt: the rest of the contract (and the security processing, a legal
        // obligation that continues anyway) is not.
        assertFalse(purpose("SERVICE_PROVISION").continuesWhenRestricted());
        assertFalse(purpose("SERVICE_NOTIFICATIONS").continuesWhenRestricted());
        assertFalse(purpose("SECURITY").continuesWhenRestricted());
        assertFalse(purpose("SECURITY").dataSubjects().contains("VISITOR"), "a visitor has no account to secure");
    }

    @Test
    void contactTable_namesCustomerServiceFinanceAndTheNotificationSenders() {
        // "email suport : support@clickphone.ro / email notificari: info@clickphone.ro; noreplay@clickphone.ro"
        // and "Financiar [...] contab@caronet.ro".
        Contact support = POLICY.contact("CUSTOMER_SERVICE").orElseThrow();
        assertEquals("support@clickphone.ro", support.email().orElseThrow());
        assertEquals("031-005.00.15", support.phone().orElseThrow());
        Contact finance = POLICY.contact("FINANCE").orElseThrow();
        assertEquals("contab@caronet.ro", finance.email().orElseThrow());
        assertEquals("031-005.50.50", finance.phone().orElseThrow());
        assertEquals(List.of("info@clickphone.ro", "noreplay@clickphone.ro"), POLICY.notificationSenders());
    }

    @Test
    void passwordChange_isOneNotification_andServiceImprovementIsALegitimateInterest() {
        // "avertizări de securitate: schimbare parolă" and "notificări pe email cu privire la schimbare parolă/
        // recuperare parolă contului ClickPhone" name the same e-mail once.
        assertThrows(PolicyViolationException.class, () -> POLICY.notificationType(NotificationType.of("PASSWORD_CHANGED")));
        assertEquals(Purpose.of("SECURITY_ALERTS"),
                POLICY.notificationType(NotificationType.of("SECURITY_PASSWORD_CHANGED")).purpose());
        // "Folosim informațiile pe care le culegem din toate serviciile noastre pentru a oferi, a administra, a
        // proteja și a îmbunătăți serviciile noastre precum și pentru a dezvolta altele noi."
        PurposeDefinition improvement = purpose("SERVICE_IMPROVEMENT");
        assertEquals(LegalBasis.LEGITIMATE_INTERESTS, improvement.legalBasis());
        assertEquals(ObjectionRule.BALANCING, improvement.objection());
        // The balancing relies on the improvement context, which declares no reason to re-identify.
        assertTrue(improvement.balancingTest().orElseThrow().contains("improvement context"));
        PseudonymContextDefinition context = POLICY.pseudonymContext("improvement").orElseThrow();
        assertEquals(Purpose.of("SERVICE_IMPROVEMENT"), context.purpose());
        assertTrue(context.reasons().isEmpty());
    }


    @Test
    void notificationTypes_coverEveryNotificationThePolicyLists() {
        Set<String> declared = POLICY.notificationTypes().stream().map(n -> n.type().id()).collect(Collectors.toSet());
        assertTrue(declared.containsAll(Set.of("CREDIT_BALANCE", "LOW_BALANCE", "SECURITY_PASSWORD_CHANGED",
                "SECURITY_PIN_CREATED", "SECURITY_DAILY_LIMIT_EXCEEDED", "MARKETING_OFFER", "TARIFF_CHANGE",
                "MISSED_CALL", "VOICEMAIL_RECEIVED", "PASSWORD_RESET", "FAX_SENT", "FAX_RECEIVED",
                "PBX_ALLOWED_IP_CHANGED", "CREDIT_TOP_UP", "PAYMENT_CONFIRMED", "PRIVACY_POLICY_CHANGED",
                "SERVICE_ANNOUNCEMENT")), declared.toString());
        for (NotificationTypeDefinition n : POLICY.notificationTypes()) {
            PurposeDefinition p = POLICY.purpose(n.purpose());
            assertEquals(p.legalBasis(), n.legalBasis(), n.type().id());
            assertTrue(p.categories().containsAll(n.categories()), n.type().id());
            assertEquals(List.of("EMAIL"), n.channels(), n.type().id());
        }
        assertTrue(POLICY.notificationType(NotificationType.of("VOICEMAIL_RECEIVED")).categories()
                .contains(cat("VOICEMAIL")));
    }

    @Test
    void recipients_includeEveryRecipientOfCap5() {
        Set<String> declared = POLICY.recipients().stream().map(r -> r.recipient().id()).collect(Collectors.toSet());
        assertTrue(declared.containsAll(Set.of("PBX_ADMINISTRATOR", "DISPATCHER", "COURIER", "CECCAR_ACCOUNTANT",
                "CAFR_AUDITOR", "AUTHORITIES", "INTEGRATION_PARTNER", "PAYU")), declared.toString());
        assertEquals(RecipientKind.DELEGATE, POLICY.recipient(Recipient.of("PBX_ADMINISTRATOR")).kind());
        assertEquals(RecipientKind.PUBLIC_AUTHORITY, POLICY.recipient(Recipient.of("AUTHORITIES")).kind());
        assertEquals(RecipientKind.PROCESSOR, POLICY.recipient(Recipient.of("CECCAR_ACCOUNTANT")).kind());
        assertEquals(RecipientKind.PROCESSOR, POLICY.recipient(Recipient.of("CAFR_AUDITOR")).kind());
        assertEquals(List.of(cat("FINANCIAL")), POLICY.recipient(Recipient.of("PAYU")).categories());
    }

    @Test
    void transfers_noneOutsideTheEeaAndEveryLocationIsInRomania() {
        assertFalse(POLICY.transfers().outsideEea());
        POLICY.processingLocations().forEach(l -> assertEquals("RO", l.country(), l.id()));
        assertTrue(POLICY.processingLocations().stream().anyMatch(l -> l.address().contains("Dimitrie Pompeiu 6-A")));
    }

    @Test
    void keyScopes_separateFiscalDataSoErasureCanKeepIt() {
        assertEquals(KeyScope.of("fiscal"), POLICY.keyScopeOf(cat("FINANCIAL")).orElseThrow());
        assertEquals(KeyScope.of("fiscal"), POLICY.keyScopeOf(cat("IDENTITY")).orElseThrow());
        assertEquals(KeyScope.of("traffic"), POLICY.keyScopeOf(cat("TRAFFIC")).orElseThrow());
        assertEquals(KeyScope.of("profile"), POLICY.keyScopeOf(cat("CONTACT")).orElseThrow());
        assertTrue(POLICY.keyScopeOf(cat("COOKIES")).isEmpty());
        for (KeyScopeDefinition scope : POLICY.keyScopes()) {
            Set<String> rules = POLICY.categoriesIn(scope.scope()).stream()
                    .map(c -> POLICY.retentionOf(c).id()).collect(Collectors.toSet());
            assertEquals(1, rules.size(), scope.scope() + " mixes retention rules " + rules);
        }
    }

    @Test
    void securityMeasures_includeTheControlsOfCap6() {
        Set<String> ids = POLICY.securityMeasures().stream().map(SecurityMeasure::id).collect(Collectors.toSet());
        assertTrue(ids.containsAll(Set.of("ENCRYPTED_ACCOUNT_ACCESS", "DPO_APPOINTED", "EQUIPMENT_ACCESS_CONTROL",
                "DATA_MEDIA_CONTROL", "STORAGE_CONTROL", "USER_CONTROL", "DATA_ACCESS_CONTROL", "COMMUNICATION_CONTROL",
                "INPUT_CONTROL", "TRANSMISSION_CONTROL", "NEED_TO_KNOW_ACCESS", "STAFF_TRAINING")), ids.toString());
    }

    @Test
    void rights_includeEveryRightOfCap3() {
        Set<DataSubjectRight> rights = POLICY.rights().stream().map(RightDefinition::right)
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(DataSubjectRight.class)));
        assertEquals(EnumSet.allOf(DataSubjectRight.class), rights);
        assertTrue(POLICY.rights().stream().filter(r -> r.right() == DataSubjectRight.WITHDRAW_CONSENT)
                .findFirst().orElseThrow().howToExercise().contains("Retragere consimțământ procesare date"));
    }

    @Test
    void everyPurpose_hasALegalBasisAndNoConsentPurposeIsMandatory() {
        for (PurposeDefinition p : POLICY.purposes()) {
            assertTrue(p.legalBasis() != null, p.purpose().id());
            assertFalse(p.requiresConsent() && p.mandatory(), p.purpose().id());
        }
    }

    @Test
    void incidents_andBreachNoticeAreLegalObligations() {
        assertEquals(LegalBasis.LEGAL_OBLIGATION, purpose("INCIDENT_MANAGEMENT").legalBasis());
        NotificationTypeDefinition breach = POLICY.notificationType(NotificationType.of("DATA_BREACH_NOTICE"));
        assertFalse(breach.suppressible());
        assertTrue(breach.description().contains("24 hours"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"SMS_CONTENT_ANALYSIS", "PROFILING"})
    void undeclaredPurpose_isAPolicyViolation(String id) {
        PolicyViolationException e = assertThrows(PolicyViolationException.class, () -> POLICY.purpose(Purpose.of(id)));
        assertTrue(e.getMessage().contains(id));
        assertFalse(POLICY.declares(Purpose.of(id)));
    }

    @Test
    void undeclaredCategoryAndRecipient_arePolicyViolations() {
        assertThrows(PolicyViolationException.class, () -> POLICY.category(cat("SMS_CONTENT")));
        assertThrows(PolicyViolationException.class, () -> POLICY.recipient(Recipient.of("FACEBOOK")));
        assertThrows(PolicyViolationException.class, () -> POLICY.notificationType(NotificationType.of("NEWSLETTER")));
        assertThrows(PolicyViolationException.class, () -> POLICY.categoriesIn(KeyScope.of("unknown")));
    }

    @Test
    void purposesProcessing_traffic_includesServiceBillingFraudAndLegalRequests() {
        Set<String> purposes = POLICY.purposesProcessing(cat("TRAFFIC")).stream().map(p -> p.purpose().id())
                .collect(Collectors.toSet());
        assertTrue(purposes.containsAll(Set.of("SERVICE_PROVISION", "BILLING", "FRAUD_PREVENTION", "LEGAL_REQUESTS")));
        assertFalse(purposes.contains("MARKETING"));
    }

    @Test
    void firstVersion_hasNoMaterialChanges() {
        assertEquals("2026.1", POLICY.version().label());
        assertTrue(POLICY.materialChanges().isEmpty());
        assertFalse(POLICY.changedMaterially(Purpose.of("MARKETING")));
    }

    @Test
    void toString_summarisesWithoutContent() {
        String s = POLICY.toString();
        assertTrue(s.startsWith("Policy[2026.1"), s);
        assertFalse(s.contains("dpo@caronet.ro"));
    }
}
