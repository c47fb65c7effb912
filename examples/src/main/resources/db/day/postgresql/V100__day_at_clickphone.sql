-- The entities of "A day at ClickPhone": an account, its device, its call records and its invoices. Encrypted columns
-- hold the kit's ciphertext ("cpf." and Base64url); instants are epoch milliseconds in a BIGINT.
CREATE TABLE day_account (
    id               BIGINT        NOT NULL,
    customer_id      VARCHAR(128) COLLATE "C" NOT NULL,
    email            VARCHAR(512),
    email_index      VARCHAR(64),
    phone            VARCHAR(512),
    service_address  VARCHAR(1024),
    daily_limit_bani BIGINT,
    version          INTEGER       NOT NULL,
    CONSTRAINT day_account_pk PRIMARY KEY (id)
);
CREATE INDEX day_account_email_ix ON day_account (email_index);

CREATE TABLE day_device (
    id               BIGINT        NOT NULL,
    customer_id      VARCHAR(128) COLLATE "C" NOT NULL,
    hardware_model   VARCHAR(512),
    operating_system VARCHAR(512),
    version          INTEGER       NOT NULL,
    CONSTRAINT day_device_pk PRIMARY KEY (id)
);
CREATE INDEX day_device_customer_ix ON day_device (customer_id);

CREATE TABLE day_call_record (
    id               BIGINT        NOT NULL,
    customer_id      VARCHAR(128),
    direction        VARCHAR(8)    NOT NULL,
    customer_number  VARCHAR(512),
    other_party      VARCHAR(512),
    started_at       BIGINT,
    duration_seconds INTEGER,
    device_ip        VARCHAR(512),
    cost_bani        BIGINT,
    version          INTEGER       NOT NULL,
    CONSTRAINT day_call_record_pk PRIMARY KEY (id)
);
CREATE INDEX day_call_record_customer_ix ON day_call_record (customer_id);

CREATE TABLE day_invoice (
    id           BIGINT        NOT NULL,
    customer_id  VARCHAR(128),
    details      VARCHAR(1024),
    amount_bani  BIGINT,
    invoice_date DATE,
    version      INTEGER       NOT NULL,
    CONSTRAINT day_invoice_pk PRIMARY KEY (id)
);
CREATE INDEX day_invoice_customer_ix ON day_invoice (customer_id);
