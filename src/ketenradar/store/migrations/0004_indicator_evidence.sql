-- Indicator evidence: the language the sentence was read in and why it counts as a claim about the
-- firm (first person, firm named, news report, statement on the firm's page, certificate document).
ALTER TABLE indicator_hits ADD COLUMN lang VARCHAR;
ALTER TABLE indicator_hits ADD COLUMN reason VARCHAR;
