-- Data keys that know their limits (issue 20, helper "usage"): how many uses (encryptions) of each data-key
-- version the application instances have reserved between them (SubjectKeyStore.reserveUses). Each instance
-- counts in memory against a block it reserved here, so the total bounds the encryptions made under the key
-- from above, and the key rotates before it reaches its rotation policy's limit. A table of its own, with no
-- foreign key to cpp_subject_key: a reservation commits in a transaction of its own, also while the key it
-- counts is still uncommitted in the caller's transaction (a first encryption inside a business transaction).
-- Destroying or retiring keys deletes their rows. Keys made before this migration start at 0.
CREATE TABLE cpp_subject_key_use (
    subject_id    VARCHAR(128) NOT NULL,
    key_scope     VARCHAR(32)  NOT NULL,
    key_version   INTEGER      NOT NULL,
    uses_reserved BIGINT       NOT NULL,
    CONSTRAINT cpp_subject_key_use_pk PRIMARY KEY (subject_id, key_scope, key_version),
    CONSTRAINT cpp_subject_key_use_ck CHECK (key_version >= 1 AND uses_reserved >= 0)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
