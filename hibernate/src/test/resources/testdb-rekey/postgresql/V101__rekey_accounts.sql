-- Accounts keyed by their subject id (a String primary key): EntityRekeySourceStringIdTest.

CREATE TABLE hb_rekey_account (
    id VARCHAR(256) NOT NULL,
    email VARCHAR(512),
    email_index VARCHAR(64),
    CONSTRAINT hb_rekey_account_pk PRIMARY KEY (id)
);
