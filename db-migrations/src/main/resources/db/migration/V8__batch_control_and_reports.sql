-- The user's controls over a running batch (pause, resume, cancel), file-name metadata, and the
-- views reports and BI tools read.

-- A paused batch keeps its documents where they are: every stage parks the batch's messages in
-- parked_message instead of working on them, and resuming sends them back. Cancelling ends every
-- outstanding document CANCELLED; a late message of a cancelled batch is dropped.
ALTER TABLE batch DROP CONSTRAINT batch_status_check;
ALTER TABLE batch ADD CONSTRAINT batch_status_check
    CHECK (status IN ('LISTING', 'RUNNING', 'PAUSED', 'COMPLETED', 'FAILED', 'CANCELLED'));
ALTER TABLE batch ADD COLUMN cancelled_count integer NOT NULL DEFAULT 0;
ALTER TABLE batch DROP CONSTRAINT batch_check;
ALTER TABLE batch ADD CONSTRAINT batch_counts_within_listed
    CHECK (completed_count + failed_count + cancelled_count <= document_count);
-- A file-name pattern with named groups (Java regex syntax); each document's groups are stored
-- in document.metadata.
ALTER TABLE batch ADD COLUMN metadata_pattern text;
ALTER TABLE batch ADD COLUMN paused_at timestamptz;

ALTER TABLE document DROP CONSTRAINT document_status_check;
ALTER TABLE document ADD CONSTRAINT document_status_check
    CHECK (status IN ('PENDING', 'CLASSIFIED', 'COMPLETED', 'FAILED', 'CANCELLED'));
ALTER TABLE document ADD COLUMN metadata jsonb;
COMMENT ON COLUMN document.metadata IS 'the named groups of the batch''s file-name pattern matched against the key''s file name; null when there is no pattern or it did not match';

CREATE TABLE parked_message (
    id                bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    batch_id          uuid        NOT NULL REFERENCES batch (id),
    queue             text        NOT NULL,
    message_type      text        NOT NULL,
    body              jsonb       NOT NULL,
    parked_at         timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX parked_message_batch ON parked_message (batch_id, id);

-- Views for reports and BI tools. Every view has batch_id, so a tool filters one batch and the
-- planner uses the batch indexes.

-- One row per batch: its counters and rates.
CREATE VIEW report_batch AS
SELECT b.id AS batch_id, b.status, b.source_bucket, b.prefixes, b.options ->> 'model' AS model,
       b.options ->> 'backend' AS backend, (b.options ->> 'dpi')::integer AS dpi,
       b.document_count AS documents_listed, b.completed_count AS documents_completed,
       b.failed_count AS documents_failed, b.cancelled_count AS documents_cancelled,
       b.document_count - b.completed_count - b.failed_count - b.cancelled_count AS documents_in_flight,
       b.created_at, b.completed_at,
       extract(epoch FROM coalesce(b.completed_at, now()) - b.created_at) AS elapsed_seconds
  FROM batch b;
COMMENT ON VIEW report_batch IS 'one row per batch: status, model, document counters, elapsed time';

-- Failed documents and failed pages by reason and stage.
CREATE VIEW report_failure AS
SELECT d.batch_id, 'document' AS scope, d.failure_reason AS reason, d.failure_stage AS stage, count(*) AS failures
  FROM document d WHERE d.status = 'FAILED'
 GROUP BY d.batch_id, d.failure_reason, d.failure_stage
UNION ALL
SELECT d.batch_id, 'page', p.failure_reason, p.failure_stage, count(*)
  FROM page p JOIN document d ON d.id = p.document_id WHERE p.status = 'FAILED'
 GROUP BY d.batch_id, p.failure_reason, p.failure_stage;
COMMENT ON VIEW report_failure IS 'failures by batch, scope (document or page), reason and stage';

-- Every boolean feature of every page result, flattened: the top-level flags (hasText,
-- hasDetections), each keyword (keywords.<word>) and each class (classes.<label>, present when
-- counted at least once).
CREATE VIEW page_feature AS
SELECT d.batch_id, r.document_id, r.page_number, r.model, f.feature, f.present
  FROM inference_result r
  JOIN document d ON d.id = r.document_id
  CROSS JOIN LATERAL (
        SELECT e.key AS feature, (e.value = 'true'::jsonb) AS present
          FROM jsonb_each(r.features) e WHERE jsonb_typeof(e.value) = 'boolean'
        UNION ALL
        SELECT 'keywords.' || k.key, (k.value = 'true'::jsonb)
          FROM jsonb_each(CASE WHEN jsonb_typeof(r.features -> 'keywords') = 'object' THEN r.features -> 'keywords' ELSE '{}' END) k
        UNION ALL
        SELECT 'classes.' || c.key, (jsonb_typeof(c.value) = 'number' AND c.value::text::numeric > 0)
          FROM jsonb_each(CASE WHEN jsonb_typeof(r.features -> 'classes') = 'object' THEN r.features -> 'classes' ELSE '{}' END) c
  ) f;
COMMENT ON VIEW page_feature IS 'one row per page result and boolean feature: whether the page has it';

-- Pages and documents with and without each feature.
CREATE VIEW report_feature AS
SELECT batch_id, feature,
       count(*) FILTER (WHERE present) AS pages_with,
       count(*) FILTER (WHERE NOT present) AS pages_without,
       count(DISTINCT document_id) FILTER (WHERE present) AS documents_with,
       count(DISTINCT document_id) - count(DISTINCT document_id) FILTER (WHERE present) AS documents_without
  FROM page_feature
 GROUP BY batch_id, feature;
COMMENT ON VIEW report_feature IS 'per batch and feature: pages and documents with it and without it';

-- File-name metadata, one row per document and dimension.
CREATE VIEW document_dimension AS
SELECT d.batch_id, d.id AS document_id, m.key AS dimension, m.value AS value, d.status,
       d.page_count, d.pages_done, d.pages_failed
  FROM document d CROSS JOIN LATERAL jsonb_each_text(d.metadata) m
 WHERE d.metadata IS NOT NULL;
COMMENT ON VIEW document_dimension IS 'one row per document and file-name metadata dimension (for example city = Leuven)';

-- Inferred pages per minute, from the results' timestamps.
CREATE VIEW report_throughput AS
SELECT d.batch_id, date_trunc('minute', r.created_at) AS minute, count(*) AS pages
  FROM inference_result r JOIN document d ON d.id = r.document_id
 GROUP BY d.batch_id, date_trunc('minute', r.created_at);
COMMENT ON VIEW report_throughput IS 'pages inferred per batch and minute';

-- Time spent per stage, from the audit trail.
CREATE VIEW report_stage_latency AS
SELECT batch_id, stage, count(*) AS events,
       count(*) FILTER (WHERE outcome <> 'SUCCEEDED') AS not_succeeded,
       percentile_cont(0.5) WITHIN GROUP (ORDER BY duration_ms) AS p50_ms,
       percentile_cont(0.95) WITHIN GROUP (ORDER BY duration_ms) AS p95_ms,
       max(duration_ms) AS max_ms
  FROM audit_event
 WHERE batch_id IS NOT NULL
 GROUP BY batch_id, stage;
COMMENT ON VIEW report_stage_latency IS 'per batch and stage: events, median and 95th percentile of the time spent';
