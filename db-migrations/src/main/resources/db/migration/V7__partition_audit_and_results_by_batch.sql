-- Audit events and inference results grow by rows per page: tens of millions per large batch. Both
-- are partitioned by batch (LIST), one partition each per batch, created when the batch row is:
--   * a batch's rows sit together, so a batch's report reads its own partition and nothing else,
--     and every index stays the size of one batch;
--   * a finished batch is archived or dropped by detaching its partitions (POST /batches/{id}/archive),
--     which costs no DELETE, no bloat and no vacuum;
--   * inserts route by batch id and stay as fast as into a plain table.
-- The price is a pair of tables per batch: a deployment keeping thousands of batches online
-- should archive finished ones (docs/capacity.md). A DEFAULT partition takes what names no known
-- batch (operations that concern no batch), so an audit row is never refused.
--
-- A partition is created as a plain table and then attached, which takes SHARE UPDATE EXCLUSIVE on
-- the parent: inserts and reads go on meanwhile (CREATE TABLE ... PARTITION OF would take ACCESS
-- EXCLUSIVE and queue every writer behind it).

CREATE FUNCTION create_batch_partitions(batch uuid) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    parent text;
    partition text;
BEGIN
    FOREACH parent IN ARRAY ARRAY['audit_event', 'inference_result'] LOOP
        partition := parent || '_' || replace(batch::text, '-', '');
        IF to_regclass(partition) IS NULL THEN
            EXECUTE format('CREATE TABLE %I (LIKE %I INCLUDING DEFAULTS INCLUDING CONSTRAINTS)', partition, parent);
            -- The partition's constraint as a CHECK, so attaching needs no scan to prove it.
            EXECUTE format('ALTER TABLE %I ADD CONSTRAINT %I CHECK (batch_id IS NOT NULL AND batch_id = %L)',
                           partition, partition || '_batch', batch);
            EXECUTE format('ALTER TABLE %I ATTACH PARTITION %I FOR VALUES IN (%L)', parent, partition, batch);
            EXECUTE format('ALTER TABLE %I DROP CONSTRAINT %I', partition, partition || '_batch');
        END IF;
    END LOOP;
END
$$;

-- Audit events: no primary key (a partitioned table's must include the partition key, and the
-- batch may be null); ids come from a sequence and still order a document's events.
ALTER TABLE audit_event RENAME TO audit_event_unpartitioned;
ALTER INDEX audit_event_document RENAME TO audit_event_unpartitioned_document;
ALTER INDEX audit_event_batch RENAME TO audit_event_unpartitioned_batch;

CREATE SEQUENCE audit_event_ids AS bigint;

CREATE TABLE audit_event (
    id                bigint      NOT NULL DEFAULT nextval('audit_event_ids'),
    batch_id          uuid,
    document_id       uuid,
    page_number       integer,
    stage             text        NOT NULL,
    outcome           text        NOT NULL,
    service           text        NOT NULL,
    attempt           integer     NOT NULL,
    duration_ms       integer     NOT NULL,
    detail            text,
    created_at        timestamptz NOT NULL DEFAULT now()
) PARTITION BY LIST (batch_id);

ALTER SEQUENCE audit_event_ids OWNED BY audit_event.id;
-- A document's trail; a batch's events are its partition, so no index on the batch is needed.
CREATE INDEX audit_event_document ON audit_event (document_id, created_at);
CREATE TABLE audit_event_default PARTITION OF audit_event DEFAULT;

-- Inference results carry their batch, the partition key, now part of the primary key. The foreign
-- key to page is gone: attaching a partition that has one locks page against every writer, once
-- per new batch. A result is still only ever written with its page (InferenceResults updates the
-- page in the same statement), and a reprocessed document's results go before its pages.
ALTER TABLE inference_result RENAME TO inference_result_unpartitioned;
ALTER TABLE inference_result_unpartitioned RENAME CONSTRAINT inference_result_pkey TO inference_result_unpartitioned_pkey;

CREATE TABLE inference_result (
    batch_id          uuid        NOT NULL,
    document_id       uuid        NOT NULL,
    page_number       integer     NOT NULL,
    model             text        NOT NULL,
    backend           text        NOT NULL,
    raw_output        jsonb       NOT NULL,
    features          jsonb       NOT NULL,
    latency_ms        integer     NOT NULL,
    created_at        timestamptz NOT NULL DEFAULT now(),
    annotated_key     text,
    PRIMARY KEY (batch_id, document_id, page_number, model)
) PARTITION BY LIST (batch_id);

CREATE TABLE inference_result_default PARTITION OF inference_result DEFAULT;

SELECT create_batch_partitions(id) FROM batch;

INSERT INTO audit_event (id, batch_id, document_id, page_number, stage, outcome, service, attempt, duration_ms, detail, created_at)
SELECT id, batch_id, document_id, page_number, stage, outcome, service, attempt, duration_ms, detail, created_at
  FROM audit_event_unpartitioned;
SELECT setval('audit_event_ids', coalesce((SELECT max(id) FROM audit_event_unpartitioned), 0) + 1, false);

INSERT INTO inference_result (batch_id, document_id, page_number, model, backend, raw_output, features, latency_ms,
                              created_at, annotated_key)
SELECT d.batch_id, r.document_id, r.page_number, r.model, r.backend, r.raw_output, r.features, r.latency_ms,
       r.created_at, r.annotated_key
  FROM inference_result_unpartitioned r JOIN document d ON d.id = r.document_id;

DROP TABLE audit_event_unpartitioned;
DROP TABLE inference_result_unpartitioned;

CREATE FUNCTION batch_partitions() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM create_batch_partitions(NEW.id);
    RETURN NULL;
END
$$;

CREATE TRIGGER batch_partitions AFTER INSERT ON batch FOR EACH ROW EXECUTE FUNCTION batch_partitions();

-- Model calls by backend, for the batch's cost: one per stored result.
CREATE FUNCTION tally_results() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM tally_add(ARRAY(SELECT (batch_id, 'model_calls', backend, 0, 1)::batch_tally FROM new_rows));
    RETURN NULL;
END
$$;

CREATE TRIGGER inference_result_tally AFTER INSERT ON inference_result
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION tally_results();

SELECT tally_add(ARRAY(SELECT (batch_id, 'model_calls', backend, 0, count(*))::batch_tally
                         FROM inference_result GROUP BY batch_id, backend));
