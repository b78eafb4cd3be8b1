-- Schema v3: the crawl's scheme/host fallback and refresh.
-- sites: which start URL variant answered (https/http x www/bare), and what the others did.
ALTER TABLE sites ADD COLUMN variant VARCHAR;
ALTER TABLE sites ADD COLUMN attempts JSON;            -- [{url, outcome}] variants that failed, in order
ALTER TABLE sites ADD COLUMN checked_at TIMESTAMP;     -- last crawl or refresh of the site
-- pages: validators for conditional requests on refresh, and when the page was last confirmed.
ALTER TABLE pages ADD COLUMN etag VARCHAR;
ALTER TABLE pages ADD COLUMN last_modified VARCHAR;
ALTER TABLE pages ADD COLUMN checked_at TIMESTAMP;
ALTER TABLE pages ADD COLUMN links JSON;               -- same-site [[url, anchor]]: a 304 on refresh reuses them
-- Earlier versions of a page a refresh found changed (or gone): `pages` holds the current one.
-- first_seen..superseded_at is when this version was served, so one can see when a site began
-- (or stopped) mentioning something.
CREATE TABLE page_versions (
    kvk_number     VARCHAR NOT NULL,
    url            VARCHAR NOT NULL,
    sha256         VARCHAR NOT NULL,
    content_type   VARCHAR,
    body           BLOB,
    first_seen     TIMESTAMP,
    superseded_at  TIMESTAMP NOT NULL,
    run_id         VARCHAR NOT NULL,               -- the run that superseded it
    PRIMARY KEY (kvk_number, url, superseded_at)
);
