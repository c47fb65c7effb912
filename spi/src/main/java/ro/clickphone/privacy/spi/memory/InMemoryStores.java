package ro.clickphone.privacy.spi.memory;

/**
 * A bundle of fresh in-memory stores: for tests, demos and single-process tools, never for data
 * that must survive a restart. Choosing it is explicit on purpose: a kit never falls back to memory
 * by itself, since one that forgets consent events or data keys at restart is worse than one that
 * refuses to start.
 *
 * <pre>{@code
 * PrivacyKit kit = PrivacyKit.builder()
 *         .policy(Policy.clickPhoneDefault())
 *         .stores(InMemoryStores.create())
 *         .build();
 * }</pre>
 *
 * @since 0.1.0
 */
public final class InMemoryStores {

    private InMemoryStores() {
    }

    /**
     * A bundle of new, empty in-memory stores: an {@link InMemoryAuditLogStore}, an
     * {@link InMemoryConsentStore}, an {@link InMemorySubjectKeyStore}, an
     * {@link InMemoryTokenVaultStore}, an empty {@link InMemoryAccountDirectory} (which places no
     * subject in any account, so every delegate and dispatcher is denied; give your own directory
     * alone to the kit builder, or replace it with {@link Stores#withAccounts}), an empty
     * {@link InMemoryDesignationRegistry}, an empty {@link InMemoryTransferNoticeRegister}, an
     * empty {@link InMemoryRetentionStore}, an empty {@link InMemoryIncidentStore}, an empty
     * {@link InMemoryOutboxStore} and an empty {@link InMemoryContactDirectory} (which knows no
     * subject's address, so no notification can be delivered until contacts are put into it, or your
     * own directory replaces it with {@link Stores#withContacts}).
     *
     * @return the bundle
     */
    public static Stores create() {
        return Stores.builder()
                .auditLog(new InMemoryAuditLogStore())
                .consent(new InMemoryConsentStore())
                .subjectKeys(new InMemorySubjectKeyStore())
                .tokenVault(new InMemoryTokenVaultStore())
                .accounts(new InMemoryAccountDirectory())
                .designations(new InMemoryDesignationRegistry())
                .transferNotices(new InMemoryTransferNoticeRegister())
                .retention(new InMemoryRetentionStore())
                .incidents(new InMemoryIncidentStore())
                .outbox(new InMemoryOutboxStore())
                .contacts(new InMemoryContactDirectory())
                .rights(new InMemoryRightsRequestStore())
                .build();
    }
}
