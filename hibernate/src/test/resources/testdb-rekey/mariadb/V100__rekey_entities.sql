-- The customers of the re-index and re-encryption job tests (RekeyJobsTest) and benchmark.

CREATE TABLE hb_rekey_customer (
    id BIGINT NOT NULL,
    customer_id VARCHAR(128) NOT NULL,
    email VARCHAR(512),
    email_index VARCHAR(64),
    CONSTRAINT hb_rekey_customer_pk PRIMARY KEY (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE INDEX hb_rekey_customer_email_index ON hb_rekey_customer (email_index);
