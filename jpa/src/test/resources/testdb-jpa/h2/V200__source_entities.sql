-- Test entities of the personal-data source (JpaPersonalDataSourceTest): an account with a blind index, an
-- invoice kept for retention, a call record; and an invoice line whose foreign key does not cascade (an
-- erasure that cannot delete an invoice must roll back whole).
CREATE TABLE src_account (
    id          VARCHAR(64)  NOT NULL,
    customer_id VARCHAR(128),
    email       VARCHAR(512),
    email_index VARCHAR(128),
    note        VARCHAR(512),
    version     BIGINT       NOT NULL,
    CONSTRAINT src_account_pk PRIMARY KEY (id)
);
CREATE INDEX src_account_subject_ix ON src_account (customer_id, id);
CREATE INDEX src_account_email_ix ON src_account (email_index);

CREATE TABLE src_invoice (
    id           BIGINT       NOT NULL,
    customer_id  VARCHAR(128),
    billing_name VARCHAR(512),
    amount_cents BIGINT       NOT NULL,
    invoice_date DATE         NOT NULL,
    CONSTRAINT src_invoice_pk PRIMARY KEY (id)
);
CREATE INDEX src_invoice_subject_ix ON src_invoice (customer_id, id);

CREATE TABLE src_invoice_line (
    id         BIGINT NOT NULL,
    invoice_id BIGINT NOT NULL,
    CONSTRAINT src_invoice_line_pk PRIMARY KEY (id),
    CONSTRAINT src_invoice_line_invoice_fk FOREIGN KEY (invoice_id) REFERENCES src_invoice (id)
);

CREATE TABLE src_call_record (
    id               INTEGER      NOT NULL,
    customer_id      VARCHAR(128),
    callee           VARCHAR(512),
    duration_seconds INTEGER,
    tariff           VARCHAR(32),
    network          VARCHAR(64),
    CONSTRAINT src_call_record_pk PRIMARY KEY (id)
);
CREATE INDEX src_call_record_subject_ix ON src_call_record (customer_id, id);

-- Misfit entities the source must refuse at build (JpaPersonalDataSourceConfigTest), all on one table.
CREATE TABLE src_misfit (
    id          VARCHAR(64)  NOT NULL,
    customer_id VARCHAR(128),
    other_id    VARCHAR(128),
    kind        VARCHAR(31),
    n           INTEGER,
    t           TIME,
    CONSTRAINT src_misfit_pk PRIMARY KEY (id)
);
