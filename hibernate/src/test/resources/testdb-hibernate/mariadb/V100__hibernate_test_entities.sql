-- Test entities of the hibernate module's field encryption tests.

CREATE TABLE hb_customer (
    id BIGINT NOT NULL,
    customer_id VARCHAR(128) NOT NULL,
    email VARCHAR(512),
    email_index VARCHAR(64),
    ip_address VARCHAR(512),
    address VARBINARY(1024),
    nickname VARCHAR(100),
    version INTEGER NOT NULL,
    CONSTRAINT hb_customer_pk PRIMARY KEY (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE INDEX hb_customer_email_index ON hb_customer (email_index);

CREATE TABLE hb_dyn_customer (
    id BIGINT NOT NULL,
    customer_id VARCHAR(128) NOT NULL,
    email VARCHAR(512),
    email_index VARCHAR(64),
    ip_address VARCHAR(512),
    address VARBINARY(1024),
    nickname VARCHAR(100),
    version INTEGER NOT NULL,
    CONSTRAINT hb_dyn_customer_pk PRIMARY KEY (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE INDEX hb_dyn_customer_email_index ON hb_dyn_customer (email_index);

CREATE TABLE hb_plain_note (
    id BIGINT NOT NULL,
    body VARCHAR(200),
    CONSTRAINT hb_plain_note_pk PRIMARY KEY (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE TABLE hb_identity_note (
    id BIGINT NOT NULL AUTO_INCREMENT,
    customer_id VARCHAR(128) NOT NULL,
    email VARCHAR(512),
    CONSTRAINT hb_identity_note_pk PRIMARY KEY (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE TABLE hb_invoice (
    id BIGINT NOT NULL,
    customer_id VARCHAR(128) NOT NULL,
    details VARCHAR(1024),
    invoice_date DATE NOT NULL,
    CONSTRAINT hb_invoice_pk PRIMARY KEY (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE TABLE hb_cached_note (
    id BIGINT NOT NULL,
    customer_id VARCHAR(128) NOT NULL,
    email VARCHAR(512),
    CONSTRAINT hb_cached_note_pk PRIMARY KEY (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE TABLE hb_plain_customer (
    id BIGINT NOT NULL,
    customer_id VARCHAR(128) NOT NULL,
    email VARCHAR(512),
    email_index VARCHAR(64),
    ip_address VARCHAR(512),
    address VARBINARY(1024),
    nickname VARCHAR(100),
    version INTEGER NOT NULL,
    CONSTRAINT hb_plain_customer_pk PRIMARY KEY (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
