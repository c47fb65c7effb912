-- ClickPhone Privacy SDK, JPA stores (V5): rights requests with their review tasks, the erasure ledger, and the
-- register of personal data breaches. Instants of the rights tables are nanoseconds since the epoch (BIGINT);
-- instants of the incident register, which the SPI allows up to the year 9999, are nanoseconds in a DECIMAL(21, 0);
-- dates are days since the epoch (BIGINT), so no time zone can move them. Identifiers compare exactly, in the
-- order of Java strings (utf8mb4_bin).
-- The erasure ledger belongs in a database apart from the main stores' (restoring their backup must not roll it
-- back): apply this migration there too, or create only cpp_erasure_ledger.


-- rights requests: one row per request, its latest version; open_due_day is due_day while the
-- request is open and NULL once it ended, so open() pages on an index of open requests only
CREATE TABLE cpp_rights_request (
    id               VARCHAR(35) NOT NULL,
    version          BIGINT NOT NULL,
    type             VARCHAR(32) NOT NULL,
    subject          VARCHAR(128) NOT NULL,
    channel          VARCHAR(32) NOT NULL,
    received_at      BIGINT NOT NULL,
    requester        MEDIUMTEXT,
    categories       MEDIUMTEXT NOT NULL,
    records          MEDIUMTEXT NOT NULL,
    purposes         MEDIUMTEXT NOT NULL,
    sealed           MEDIUMTEXT,
    state            VARCHAR(32) NOT NULL,
    refusal          VARCHAR(64),
    base_due_day     BIGINT NOT NULL,
    due_day          BIGINT NOT NULL,
    open_due_day     BIGINT,
    extended         INTEGER NOT NULL,
    extension_reason VARCHAR(1000),
    paused_since     BIGINT,
    paused_days      INTEGER NOT NULL,
    progress         MEDIUMTEXT NOT NULL,
    recipients_told  MEDIUMTEXT NOT NULL,
    lease_owner      VARCHAR(64),
    lease_from       BIGINT,
    lease_until      BIGINT,
    updated_at       BIGINT NOT NULL,
    CONSTRAINT cpp_rights_request_pk PRIMARY KEY (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
CREATE INDEX cpp_rights_request_open_ix ON cpp_rights_request (open_due_day, id);
CREATE INDEX cpp_rights_request_subject_ix ON cpp_rights_request (subject, received_at);

-- human-review tasks of automated decisions (GDPR art. 22(3))
CREATE TABLE cpp_review_task (
    id               VARCHAR(35) NOT NULL,
    version          BIGINT NOT NULL,
    request_id       VARCHAR(35) NOT NULL,
    subject          VARCHAR(128) NOT NULL,
    decision_ref     VARCHAR(64) NOT NULL,
    sealed_viewpoint MEDIUMTEXT NOT NULL,
    state            VARCHAR(32) NOT NULL,
    assignee         MEDIUMTEXT,
    decision         VARCHAR(32),
    sealed_rationale MEDIUMTEXT,
    decided_at       BIGINT,
    CONSTRAINT cpp_review_task_pk PRIMARY KEY (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
CREATE INDEX cpp_review_task_state_ix ON cpp_review_task (state, id);

-- the erasure ledger: one append-only row per erasure request
CREATE TABLE cpp_erasure_ledger (
    request_id     VARCHAR(64) NOT NULL,
    erased_at      BIGINT NOT NULL,
    sealed_subject MEDIUMTEXT NOT NULL,
    erased         MEDIUMTEXT NOT NULL,
    shredded       MEDIUMTEXT NOT NULL,
    vault_erased   INTEGER NOT NULL,
    CONSTRAINT cpp_erasure_ledger_pk PRIMARY KEY (request_id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
CREATE INDEX cpp_erasure_ledger_order_ix ON cpp_erasure_ledger (erased_at, request_id);

-- the register of breaches: one head row per incident (latest version, log lengths)
CREATE TABLE cpp_incident (
    incident_id         VARCHAR(64) NOT NULL,
    latest_version      INTEGER NOT NULL,
    authority_notices   INTEGER NOT NULL,
    cooperation_entries INTEGER NOT NULL,
    subject_notices     INTEGER NOT NULL,
    CONSTRAINT cpp_incident_pk PRIMARY KEY (incident_id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

-- every version of every incident, never updated
CREATE TABLE cpp_incident_version (
    incident_id                 VARCHAR(64) NOT NULL,
    version                     INTEGER NOT NULL,
    nature                      TEXT NOT NULL,
    occurred_at                 DECIMAL(21, 0) NOT NULL,
    discovered_at               DECIMAL(21, 0) NOT NULL,
    affected_subjects           BIGINT NOT NULL,
    affected_subjects_estimated INTEGER NOT NULL,
    affected_records            BIGINT,
    affected_records_estimated  INTEGER,
    subject_categories          MEDIUMTEXT NOT NULL,
    categories                  MEDIUMTEXT NOT NULL,
    likely_consequences         TEXT NOT NULL,
    measures                    TEXT NOT NULL,
    contact_name                VARCHAR(200) NOT NULL,
    contact_email               VARCHAR(254),
    contact_phone               VARCHAR(64),
    status                      VARCHAR(32) NOT NULL,
    clocks                      VARCHAR(200) NOT NULL,
    delay_reason                TEXT,
    notice_nature               TEXT,
    notice_consequences         TEXT,
    notice_measures             TEXT,
    notice_recommendations      TEXT,
    circumstances               TEXT,
    other_providers             TEXT,
    cross_border                TEXT,
    public_communication_at     DECIMAL(21, 0),
    public_communication_means  VARCHAR(2000),
    recorded_at                 DECIMAL(21, 0) NOT NULL,
    recorded_by                 VARCHAR(128) NOT NULL,
    CONSTRAINT cpp_incident_version_pk PRIMARY KEY (incident_id, version),
    CONSTRAINT cpp_incident_version_incident_fk FOREIGN KEY (incident_id) REFERENCES cpp_incident (incident_id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

-- notices to the supervisory authority, append-only, in the order appended
CREATE TABLE cpp_incident_authority_notice (
    incident_id VARCHAR(64) NOT NULL,
    position    INTEGER NOT NULL,
    clock       VARCHAR(32) NOT NULL,
    sent_at     DECIMAL(21, 0) NOT NULL,
    reference   VARCHAR(200) NOT NULL,
    recorded_at DECIMAL(21, 0) NOT NULL,
    recorded_by VARCHAR(128) NOT NULL,
    CONSTRAINT cpp_incident_authority_notice_pk PRIMARY KEY (incident_id, position),
    CONSTRAINT cpp_incident_authority_notice_incident_fk FOREIGN KEY (incident_id) REFERENCES cpp_incident (incident_id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

-- the log of cooperation with the authority, append-only, in the order appended
CREATE TABLE cpp_incident_cooperation (
    incident_id VARCHAR(64) NOT NULL,
    position    INTEGER NOT NULL,
    kind        VARCHAR(32) NOT NULL,
    happened_at DECIMAL(21, 0) NOT NULL,
    body        VARCHAR(2000) NOT NULL,
    recorded_at DECIMAL(21, 0) NOT NULL,
    recorded_by VARCHAR(128) NOT NULL,
    CONSTRAINT cpp_incident_cooperation_pk PRIMARY KEY (incident_id, position),
    CONSTRAINT cpp_incident_cooperation_incident_fk FOREIGN KEY (incident_id) REFERENCES cpp_incident (incident_id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

-- breach notices to subjects, keyed by the subject's keyed audit pseudonym
CREATE TABLE cpp_incident_subject_notice (
    incident_id VARCHAR(64) NOT NULL,
    subject     VARCHAR(128) NOT NULL,
    position    INTEGER NOT NULL,
    planned_at  DECIMAL(21, 0) NOT NULL,
    message_id  VARCHAR(128),
    sent_at     DECIMAL(21, 0),
    CONSTRAINT cpp_incident_subject_notice_pk PRIMARY KEY (incident_id, subject),
    CONSTRAINT cpp_incident_subject_notice_position_uq UNIQUE (incident_id, position),
    CONSTRAINT cpp_incident_subject_notice_incident_fk FOREIGN KEY (incident_id) REFERENCES cpp_incident (incident_id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
CREATE INDEX cpp_incident_subject_notice_sent_ix ON cpp_incident_subject_notice (incident_id, sent_at);
