-- Self-declared indicators (the portal as a source, issue 20): an indicator hit carries a weight.
-- NULL for website and registry hits (they weigh 1); a self_declared hit weighs `[portal]
-- weight_verified` (a verified certificate) or `weight_declared` (a capability, an unverified
-- certificate). Reserved number 0009 in the session plan; 0006 on the `portalpipe` branch (no gaps).
ALTER TABLE indicator_hits ADD COLUMN weight DOUBLE;
