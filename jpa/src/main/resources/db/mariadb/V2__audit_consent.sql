-- ClickPhone Privacy SDK, JPA stores: the audit trail (records, their categories and details, signed
-- checkpoints) and the consent ledger (events in their sealed, pseudonymous stored form, and the roles and
-- accounts of each event's actor). Instants that are hashed or sealed are BIGINT nanoseconds since the
-- epoch (exact, no zone). Sequences come from cpp_counter rows locked in the append's own transaction;
-- 'audit-checkpoint' is only locked (it serializes checkpoint appends), never counted.
-- Every table is InnoDB (row locks) with a binary collation: references and ids compare exactly.
INSERT INTO cpp_counter (name, last_value) VALUES ('audit', 0);
INSERT INTO cpp_counter (name, last_value) VALUES ('audit-checkpoint', 0);
INSERT INTO cpp_counter (name, last_value) VALUES ('consent', 0);

CREATE TABLE cpp_audit_record (
    seq           BIGINT       NOT NULL,
    recorded_at   BIGINT       NOT NULL,
    actor_kind    VARCHAR(16)  NOT NULL,
    actor_ref     VARCHAR(128) NOT NULL,
    action        VARCHAR(64)  NOT NULL,
    purpose       VARCHAR(64),
    subject_ref   VARCHAR(34),
    outcome       VARCHAR(16)  NOT NULL,
    previous_hash VARCHAR(64)  NOT NULL,
    hash          VARCHAR(64)  NOT NULL,
    CONSTRAINT cpp_audit_record_pk PRIMARY KEY (seq)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE TABLE cpp_audit_category (
    seq      BIGINT      NOT NULL,
    category VARCHAR(64) NOT NULL,
    CONSTRAINT cpp_audit_category_pk PRIMARY KEY (seq, category),
    CONSTRAINT cpp_audit_category_record_fk FOREIGN KEY (seq) REFERENCES cpp_audit_record (seq)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE TABLE cpp_audit_detail (
    seq          BIGINT       NOT NULL,
    detail_key   VARCHAR(64)  NOT NULL,
    detail_value VARCHAR(256) NOT NULL,
    CONSTRAINT cpp_audit_detail_pk PRIMARY KEY (seq, detail_key),
    CONSTRAINT cpp_audit_detail_record_fk FOREIGN KEY (seq) REFERENCES cpp_audit_record (seq)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE TABLE cpp_audit_checkpoint (
    seq                      BIGINT        NOT NULL,
    head_hash                VARCHAR(64)   NOT NULL,
    created_at               BIGINT        NOT NULL,
    key_id                   VARCHAR(64)   NOT NULL,
    algorithm                VARCHAR(64)   NOT NULL,
    signature                VARCHAR(1026) NOT NULL,
    format_version           INTEGER       NOT NULL,
    checkpoint_interval      INTEGER       NOT NULL,
    previous_checkpoint_hash VARCHAR(64)   NOT NULL,
    CONSTRAINT cpp_audit_checkpoint_pk PRIMARY KEY (seq)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE TABLE cpp_consent_event (
    seq                 BIGINT        NOT NULL,
    event_id            VARCHAR(35)   NOT NULL,
    subject_ref         VARCHAR(128)  NOT NULL,
    event_type          VARCHAR(16)   NOT NULL,
    purpose             VARCHAR(64),
    effective_at        BIGINT        NOT NULL,
    recorded_at         BIGINT        NOT NULL,
    policy_version      VARCHAR(32)   NOT NULL,
    channel             VARCHAR(16)   NOT NULL,
    actor_kind          VARCHAR(16)   NOT NULL,
    actor_id            VARCHAR(128)  NOT NULL,
    actor_recipient     VARCHAR(64),
    actor_legal_request VARCHAR(64),
    evidence_network    VARCHAR(64),
    evidence_user_agent VARCHAR(512),
    evidence_form_id    VARCHAR(128),
    evidence_reference  VARCHAR(128),
    evidence_encrypted  VARCHAR(8192),
    evidence_explicit   INTEGER       NOT NULL,
    seal                VARCHAR(256)  NOT NULL,
    CONSTRAINT cpp_consent_event_pk PRIMARY KEY (seq),
    CONSTRAINT cpp_consent_event_id_uk UNIQUE (event_id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE INDEX cpp_consent_event_subject_ix ON cpp_consent_event (subject_ref, seq);

CREATE TABLE cpp_consent_actor_item (
    seq       BIGINT      NOT NULL,
    item_kind VARCHAR(8)  NOT NULL,
    item      VARCHAR(64) NOT NULL,
    CONSTRAINT cpp_consent_actor_item_pk PRIMARY KEY (seq, item_kind, item),
    CONSTRAINT cpp_consent_actor_item_event_fk FOREIGN KEY (seq) REFERENCES cpp_consent_event (seq)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
