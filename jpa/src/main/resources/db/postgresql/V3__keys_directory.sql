-- ClickPhone Privacy SDK, JPA stores: subject keys, token vault, accounts, designations, transfer notices,
-- contacts (issue 16, helper "directory").

-- One row per (subject, key scope): locked by every change to its keys; holds the shredding tombstone
-- (slot_state DESTROYED) and the retirement floor. No key material.
CREATE TABLE cpp_subject_key_slot (
    subject_id      VARCHAR(128) NOT NULL,
    key_scope       VARCHAR(32)  NOT NULL,
    slot_state      VARCHAR(16)  NOT NULL,
    retired_through INTEGER      NOT NULL,
    CONSTRAINT cpp_subject_key_slot_pk PRIMARY KEY (subject_id, key_scope),
    CONSTRAINT cpp_subject_key_slot_state_ck CHECK (slot_state IN ('ACTIVE', 'DESTROYED')),
    CONSTRAINT cpp_subject_key_slot_floor_ck CHECK (retired_through >= 0)
);

-- The wrapped data keys (never an unwrapped one): the KEK's Base64 output, verbatim.
CREATE TABLE cpp_subject_key (
    subject_id  VARCHAR(128)  NOT NULL,
    key_scope   VARCHAR(32)   NOT NULL,
    key_version INTEGER       NOT NULL,
    kek_id      VARCHAR(64)   NOT NULL,
    kek_version INTEGER       NOT NULL,
    wrapped_key VARCHAR(4096) NOT NULL,
    created_at  BIGINT        NOT NULL,
    CONSTRAINT cpp_subject_key_pk PRIMARY KEY (subject_id, key_scope, key_version),
    CONSTRAINT cpp_subject_key_slot_fk FOREIGN KEY (subject_id, key_scope)
        REFERENCES cpp_subject_key_slot (subject_id, key_scope),
    CONSTRAINT cpp_subject_key_version_ck CHECK (key_version >= 1 AND kek_version >= 1)
);
CREATE INDEX cpp_subject_key_kek_ix ON cpp_subject_key (kek_id, kek_version);

-- Token vault: (context, token) and (context, look-up value) are each unique; the value only as ciphertext.
CREATE TABLE cpp_vault_entry (
    vault_context VARCHAR(64)  NOT NULL,
    token         VARCHAR(128) NOT NULL,
    lookup_value  VARCHAR(128) NOT NULL,
    subject_id    VARCHAR(128) NOT NULL,
    ciphertext    BYTEA NOT NULL,
    CONSTRAINT cpp_vault_entry_pk PRIMARY KEY (vault_context, token),
    CONSTRAINT cpp_vault_entry_lookup_uq UNIQUE (vault_context, lookup_value)
);
CREATE INDEX cpp_vault_entry_subject_ix ON cpp_vault_entry (subject_id);

-- Which account (a Custom PBX) each subject belongs to.
CREATE TABLE cpp_account_member (
    subject_id VARCHAR(128) NOT NULL,
    account_id VARCHAR(64)  NOT NULL,
    CONSTRAINT cpp_account_member_pk PRIMARY KEY (subject_id)
);

-- Standing designations of partners; a revocation deletes the row.
CREATE TABLE cpp_designation (
    subject_id VARCHAR(128) NOT NULL,
    recipient  VARCHAR(64)  NOT NULL,
    partner    VARCHAR(64)  NOT NULL,
    CONSTRAINT cpp_designation_pk PRIMARY KEY (subject_id, recipient, partner)
);

-- Transfer notices, append-only; notified_at in nanoseconds since the epoch.
CREATE TABLE cpp_transfer_notice (
    subject_id  VARCHAR(128) NOT NULL,
    recipient   VARCHAR(64)  NOT NULL,
    successor   VARCHAR(64)  NOT NULL,
    notified_at BIGINT       NOT NULL,
    CONSTRAINT cpp_transfer_notice_pk PRIMARY KEY (subject_id, recipient, successor, notified_at)
);

-- A subject's contacts, whole: the language and one "MEDIUM<TAB>address" line per medium.
CREATE TABLE cpp_contact (
    subject_id   VARCHAR(128)  NOT NULL,
    language_tag VARCHAR(3)    NOT NULL,
    addresses    VARCHAR(8000) NOT NULL,
    CONSTRAINT cpp_contact_pk PRIMARY KEY (subject_id)
);

-- Lock rows (never counted): a writer that finds no row to update takes its kind's turn by locking one of
-- these before it looks again and inserts, so that two writers never insert the same key at once.
INSERT INTO cpp_counter (name, last_value) VALUES ('lock.subject_key_slot', 0);
INSERT INTO cpp_counter (name, last_value) VALUES ('lock.vault_entry', 0);
INSERT INTO cpp_counter (name, last_value) VALUES ('lock.account_member', 0);
INSERT INTO cpp_counter (name, last_value) VALUES ('lock.designation', 0);
INSERT INTO cpp_counter (name, last_value) VALUES ('lock.transfer_notice', 0);
INSERT INTO cpp_counter (name, last_value) VALUES ('lock.contact', 0);
