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
-- Registrable domains other sites link to, per page: candidates for `ketenradar discover`.
ALTER TABLE pages ADD COLUMN external_domains JSON;
-- `ketenradar discover`: every candidate website judged for a firm without a usable one.
CREATE TABLE discovered_sites (
    kvk_number   VARCHAR NOT NULL,
    domain       VARCHAR NOT NULL,
    source       VARCHAR NOT NULL,          -- user | email | link | slug
    url          VARCHAR,                   -- the home page that answered (after redirects)
    fetch_status VARCHAR NOT NULL,          -- ok | unreachable | robots_forbidden | too_large
    decision     VARCHAR NOT NULL,          -- accepted | unsure | rejected
    chosen       BOOLEAN NOT NULL,          -- the accepted candidate the crawl uses
    confidence   DOUBLE,
    evidence     VARCHAR,                   -- what was found (KvK, address, phone, name) or why rejected
    checked_at   TIMESTAMP NOT NULL,
    run_id       VARCHAR NOT NULL,
    PRIMARY KEY (kvk_number, domain)
);
