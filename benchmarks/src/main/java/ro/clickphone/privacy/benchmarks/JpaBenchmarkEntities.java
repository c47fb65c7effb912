package ro.clickphone.privacy.benchmarks;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import ro.clickphone.privacy.jpa.BlindIndex;
import ro.clickphone.privacy.jpa.DataSubject;
import ro.clickphone.privacy.jpa.Encrypted;

/** The entities of {@link JpaBenchmark}: the same columns, once with three encrypted fields, once in clear. */
public final class JpaBenchmarkEntities {

    private JpaBenchmarkEntities() {
    }

    /** A customer whose e-mail (with a blind index), IP address and street address are encrypted. */
    @Entity(name = "JpaBenchEncrypted")
    @Table(name = "jpabench_encrypted")
    public static class EncryptedCustomer {

        @Id
        private Long id;

        @DataSubject
        @Column(name = "customer_id", nullable = false, updatable = false)
        private String customerId;

        @Encrypted(field = "notification_email")
        @BlindIndex(target = "emailIndex")
        @Column(name = "email", length = 512)
        private String email;

        @Column(name = "email_index", length = 64)
        private String emailIndex;

        @Encrypted(field = "ip_address")
        @Column(name = "ip_address", length = 512)
        private String ipAddress;

        @Encrypted(field = "service_address")
        @Column(name = "address", length = 1024)
        private byte[] address;

        /** For JPA. */
        protected EncryptedCustomer() {
        }

        /**
         * A customer.
         *
         * @param id the id
         * @param customerId the subject
         * @param email the e-mail
         * @param ipAddress the IP address
         * @param address the street address
         */
        public EncryptedCustomer(long id, String customerId, String email, String ipAddress, byte[] address) {
            this.id = id;
            this.customerId = customerId;
            this.email = email;
            this.ipAddress = ipAddress;
            this.address = address;
        }

        /**
         * The e-mail.
         *
         * @return it
         */
        public String email() {
            return email;
        }
    }

    /** The same customer, nothing encrypted. */
    @Entity(name = "JpaBenchPlain")
    @Table(name = "jpabench_plain")
    public static class PlainCustomer {

        @Id
        private Long id;

        @Column(name = "customer_id", nullable = false, updatable = false)
        private String customerId;

        @Column(name = "email", length = 512)
        private String email;

        @Column(name = "email_index", length = 64)
        private String emailIndex;

        @Column(name = "ip_address", length = 512)
        private String ipAddress;

        @Column(name = "address", length = 1024)
        private byte[] address;

        /** For JPA. */
        protected PlainCustomer() {
        }

        /**
         * A customer.
         *
         * @param id the id
         * @param customerId the subject
         * @param email the e-mail
         * @param ipAddress the IP address
         * @param address the street address
         */
        public PlainCustomer(long id, String customerId, String email, String ipAddress, byte[] address) {
            this.id = id;
            this.customerId = customerId;
            this.email = email;
            this.ipAddress = ipAddress;
            this.address = address;
        }

        /**
         * The e-mail.
         *
         * @return it
         */
        public String email() {
            return email;
        }
    }
}
