-- Schema (score): the precision estimate of each threshold comes with an interval, the estimated
-- number of positives (the cap a category may not exceed), the looser held-out-recall threshold,
-- and whether the category is provisional (too few reference firms, or no estimate possible).
-- Reserved number 0006 in the session plan; numbered 0005 on the `score` branch after merging main (no gaps allowed).
ALTER TABLE thresholds ADD COLUMN est_precision_low DOUBLE;
ALTER TABLE thresholds ADD COLUMN est_precision_high DOUBLE;
ALTER TABLE thresholds ADD COLUMN n_positive_estimate DOUBLE;
ALTER TABLE thresholds ADD COLUMN threshold_recall DOUBLE;
ALTER TABLE thresholds ADD COLUMN target_precision DOUBLE;
ALTER TABLE thresholds ADD COLUMN provisional BOOLEAN;
ALTER TABLE thresholds ADD COLUMN note VARCHAR;
ALTER TABLE thresholds ADD COLUMN label_frequency_top DOUBLE;
