-- Test entities of the review fixes (helper hibfix): a nullable subject column, a sequence-generated id.

CREATE TABLE hb_loose_note (
    id BIGINT NOT NULL,
    customer_id VARCHAR(128),
    email VARCHAR(512),
    CONSTRAINT hb_loose_note_pk PRIMARY KEY (id)
);

CREATE SEQUENCE hb_seq_invoice_seq START WITH 1 INCREMENT BY 50;

CREATE TABLE hb_seq_invoice (
    id BIGINT NOT NULL,
    customer_id VARCHAR(128) NOT NULL,
    details VARCHAR(1024),
    invoice_date DATE NOT NULL,
    CONSTRAINT hb_seq_invoice_pk PRIMARY KEY (id)
);
