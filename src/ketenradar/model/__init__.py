"""The model layer: the one owner of every table family's shape, and of the reference data all
stages share.

A stage writes its own tables; anything that reads another stage's tables (the stages' inputs,
the report, the dashboard, matchmaking, the evaluators) reads them through here, so that a
column, "the latest score run" or a firm's reasons mean the same everywhere. `tests/test_model_boundary.py` enforces it.

| module | owns |
|---|---|
| `scores` | `scores`, `score_runs`, `thresholds`: `latest_run()`, `runs()`, `read()` |
| `reasons` | the `reasons` JSON of a score row: the `Reasons` dataclass, JSON in and out |
| `firm_profile` | `firm_profile` and `indicator_hits`: `read()`, `hits()`, `self_declared()` |
| `sources` | `source_files`, `source_records`, `rejects` (ingest) |
| `firms` | `firms`, `links`, `labels`, `link_overrides` (resolve), with the sources behind a firm |
| `sites` | `sites` (crawl) and `discovered_sites` (discover): `to_crawl()`, `without_usable_site()` |
| `pages` | `pages`, `crawl_requests` (crawl) and `page_texts` (extract) |
| `documents` | `documents` (extract) |
| `vectors` | `firm_vectors` (embed) |
| `evaluations`, `runs` | the evaluations and the run history |
| `reviews` | what the analyst review reads of `firms` and `scores`/`thresholds` (verdicts live in the review store) |
| `portal` | the portal store as a source (read only): firms' declarations as indicators, opt-in, website corrections |
| `geo` | provinces (one spelling), regions, postcode areas |
| `text` | accent folding for comparing what people type |
| `taxonomy` | indicator ids, terms and their Dutch/English labels (from `indicators/taxonomy.yaml`) |
"""
