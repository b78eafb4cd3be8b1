-- Schema v2: resolution overrides are kept in the store as well as in the overrides file,
-- so that a review made in the dashboard survives and is visible in the run history.
CREATE TABLE link_overrides (
    record_id   VARCHAR PRIMARY KEY,
    kvk_number  VARCHAR,                   -- NULL means "no match"
    reason      VARCHAR,
    source      VARCHAR NOT NULL,          -- file path or 'dashboard'
    created_at  TIMESTAMP NOT NULL
);
ALTER TABLE firms ADD COLUMN latitude DOUBLE;
ALTER TABLE firms ADD COLUMN longitude DOUBLE;
