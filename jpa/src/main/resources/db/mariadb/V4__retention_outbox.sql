-- ClickPhone Privacy SDK, JPA stores: retention tags and disposal proofs, legal holds, subjects' events,
-- and the notification outbox. Instants are nanoseconds since the epoch (BIGINT), days epoch days
-- (BIGINT): no time zone can move them.
-- InnoDB (row locks, SKIP LOCKED from MariaDB 10.6) with a binary collation: exact comparisons, code
-- point order.

-- A record's retention tag; once disposed of, its proof under a keyed reference (no subject, no record id).
CREATE TABLE cpp_retention_tag (
    source           VARCHAR(64)  NOT NULL,
    record_id        VARCHAR(256) NOT NULL,
    subject_id       VARCHAR(128),
    subject_ref      VARCHAR(128) NOT NULL,
    category         VARCHAR(64)  NOT NULL,
    rule_id          VARCHAR(64)  NOT NULL,
    key_scope        VARCHAR(32),
    also_tagged_as   VARCHAR(2000) NOT NULL,
    last_day_kept    BIGINT,
    due_day          BIGINT,
    awaiting         VARCHAR(64),
    tagged_at        BIGINT       NOT NULL,
    disposed_at      BIGINT,
    disposal         VARCHAR(32),
    revision         BIGINT       NOT NULL,
    anchored_on      BIGINT       NOT NULL,
    extended_by_hold INTEGER      NOT NULL,
    lease_owner      VARCHAR(64),
    lease_from       BIGINT,
    lease_until      BIGINT,
    CONSTRAINT cpp_retention_tag_pk PRIMARY KEY (source, record_id),
    CONSTRAINT cpp_retention_tag_hold_ck CHECK (extended_by_hold IN (0, 1)),
    CONSTRAINT cpp_retention_tag_revision_ck CHECK (revision >= 0)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
CREATE INDEX cpp_retention_tag_due_ix ON cpp_retention_tag (due_day, source, record_id);
CREATE INDEX cpp_retention_tag_subject_ix ON cpp_retention_tag (subject_id);
CREATE INDEX cpp_retention_tag_awaiting_ix ON cpp_retention_tag (awaiting, source, record_id);

-- Legal holds, active and released; placed_seq orders them (the holds revision at placing).
CREATE TABLE cpp_retention_hold (
    id             VARCHAR(64)  NOT NULL,
    placed_seq     BIGINT       NOT NULL,
    kind           VARCHAR(16)  NOT NULL,
    subject_id     VARCHAR(128),
    record_source  VARCHAR(64),
    record_id      VARCHAR(256),
    category       VARCHAR(64),
    reason         VARCHAR(500) NOT NULL,
    case_reference VARCHAR(200) NOT NULL,
    placed_at      BIGINT       NOT NULL,
    released_at    BIGINT,
    CONSTRAINT cpp_retention_hold_pk PRIMARY KEY (id),
    CONSTRAINT cpp_retention_hold_seq_uk UNIQUE (placed_seq)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
CREATE INDEX cpp_retention_hold_active_ix ON cpp_retention_hold (released_at, placed_seq);

-- The days on which a subject's event (a contract's end) happened, keyed by the subject's audit pseudonym.
CREATE TABLE cpp_retention_event (
    subject_id VARCHAR(128) NOT NULL,
    event_id   VARCHAR(64)  NOT NULL,
    event_day  BIGINT       NOT NULL,
    CONSTRAINT cpp_retention_event_pk PRIMARY KEY (subject_id, event_id, event_day)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

-- The holds revision: bumped with every hold placed or released.
INSERT INTO cpp_counter (name, last_value) VALUES ('retention.holds', 0);

-- The outbox: one row per message id; content is the kit's sealed rendering (never clear text).
CREATE TABLE cpp_outbox (
    id                  VARCHAR(128) NOT NULL,
    message_type        VARCHAR(64)  NOT NULL,
    subject_id          VARCHAR(128) NOT NULL,
    channel             VARCHAR(64)  NOT NULL,
    medium              VARCHAR(64)  NOT NULL,
    state               VARCHAR(16)  NOT NULL,
    created_at          BIGINT       NOT NULL,
    attempts            INTEGER      NOT NULL,
    next_attempt_at     BIGINT       NOT NULL,
    lease_owner         VARCHAR(64),
    lease_from          BIGINT,
    lease_until         BIGINT,
    content             MEDIUMTEXT,
    attachments         MEDIUMTEXT NOT NULL,
    reason              VARCHAR(64),
    receipt_channel     VARCHAR(64),
    receipt_reference   VARCHAR(200),
    receipt_accepted_at BIGINT,
    finished_at         BIGINT,
    CONSTRAINT cpp_outbox_pk PRIMARY KEY (id),
    CONSTRAINT cpp_outbox_state_ck CHECK (state IN ('PENDING', 'DELIVERED', 'DEAD', 'SUPPRESSED')),
    CONSTRAINT cpp_outbox_attempts_ck CHECK (attempts >= 0)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
CREATE INDEX cpp_outbox_due_ix ON cpp_outbox (channel, state, next_attempt_at, id);
CREATE INDEX cpp_outbox_age_ix ON cpp_outbox (state, created_at, id);
