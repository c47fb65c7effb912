-- The personal-data source over @DataSubject entities (JpaPersonalDataSource): the standing restrictions of
-- processing (GDPR art. 18) of its records, one row per (source, record, ground); lifting deletes the row.
CREATE TABLE cpp_restriction (
    source_name VARCHAR(64)  NOT NULL,
    record_id   VARCHAR(256) NOT NULL,
    ground      VARCHAR(64)  NOT NULL,
    until_day   DATE,
    CONSTRAINT cpp_restriction_pk PRIMARY KEY (source_name, record_id, ground)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
