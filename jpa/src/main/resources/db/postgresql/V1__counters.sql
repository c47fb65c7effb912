-- ClickPhone Privacy SDK, JPA stores: the one-row sequence counters. Each store that numbers its rows
-- adds its counter's row (last_value 0) in its own migration.
CREATE TABLE cpp_counter (
    name       VARCHAR(64) NOT NULL,
    last_value BIGINT      NOT NULL,
    CONSTRAINT cpp_counter_pk PRIMARY KEY (name)
);
