-- The checkpoints of the re-index and re-encryption jobs (JpaStores.jobCheckpoints): one row per job, replaced
-- after every committed batch only when its sequence is the next one (two runs of one job never both advance).
-- Version 8: version 7 is left to the data-key usage counters of the same issue.
CREATE TABLE cpp_job_checkpoint (
    job_id            VARCHAR(128) NOT NULL,
    seq               BIGINT       NOT NULL,
    row_position      VARCHAR(256) NOT NULL,
    finished          INTEGER      NOT NULL,
    scanned           BIGINT       NOT NULL,
    moved             BIGINT       NOT NULL,
    already_current   BIGINT       NOT NULL,
    changed_by_writer BIGINT       NOT NULL,
    failed            BIGINT       NOT NULL,
    CONSTRAINT cpp_job_checkpoint_pk PRIMARY KEY (job_id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
