-- Rolling batches: one long-lived batch per configured source (an S3 prefix whose new objects S3
-- announces, or the real-time uploads), its options and a time window. Documents are added as
-- objects arrive, so the listing stays incomplete while the window is open; once the window has
-- ended (and a grace period for late notifications has passed) the listing is marked complete and
-- the batch completes like any other when its last document is terminal.
ALTER TABLE batch ADD COLUMN rolling_source text;
ALTER TABLE batch ADD COLUMN rolling_until timestamptz;
ALTER TABLE batch ADD CONSTRAINT batch_rolling_window CHECK ((rolling_source IS NULL) = (rolling_until IS NULL));

-- The windows still open, for the task that closes them.
CREATE INDEX batch_rolling_open ON batch (rolling_until) WHERE rolling_source IS NOT NULL AND NOT listing_complete;
