-- What GET /batches/{id} reports, kept as counters instead of scanned: a batch of ten million
-- pages must answer in well under a second.
--
-- The counters are maintained by statement triggers on document and page, so they move exactly
-- when a row's state really changes, in the transaction that changes it, whichever code path does
-- it (the ledger, the orchestrator, a reprocessing, a status added later such as CANCELLED): a
-- guarded UPDATE that matches nothing under a duplicate delivery fires with no rows and counts
-- nothing, and an INSERT ... ON CONFLICT DO NOTHING counts only the rows it inserted.
--
-- Sharded: every transaction adds its deltas to the rows of its own shard (the backend's process
-- id modulo 64), so concurrent workers of one batch seldom wait on the same counter row. A reader
-- sums the shards: at most 64 rows per counter.

CREATE TABLE batch_tally (
    batch_id   uuid      NOT NULL REFERENCES batch (id),
    -- documents (name: status), pages (total, inferred, failed), page_status (name: status),
    -- failures and page_failures (name: 'REASON@STAGE'), bytes (source), model_calls (name: backend)
    metric     text      NOT NULL,
    name       text      NOT NULL,
    shard      smallint  NOT NULL,
    value      bigint    NOT NULL,
    PRIMARY KEY (batch_id, metric, name, shard)
);

-- Adds each change once; rows are locked in key order, so two statements never wait on each other
-- in opposite orders.
CREATE FUNCTION tally_add(deltas batch_tally[]) RETURNS void LANGUAGE sql AS $$
    INSERT INTO batch_tally AS t (batch_id, metric, name, shard, value)
    SELECT batch_id, metric, name, (pg_backend_pid() % 64)::smallint, sum(value)
      FROM unnest(deltas)
     GROUP BY batch_id, metric, name
    HAVING sum(value) <> 0
     ORDER BY batch_id, metric, name
    ON CONFLICT (batch_id, metric, name, shard) DO UPDATE SET value = t.value + excluded.value
$$;

-- The counters a document row contributes to, with a sign: -1 for its old version, +1 for its new
-- one, so an UPDATE that changes nothing the counters see adds nothing.
CREATE FUNCTION document_tallies(d document, sign integer) RETURNS SETOF batch_tally LANGUAGE sql IMMUTABLE AS $$
    SELECT d.batch_id, metric, name, 0::smallint, sign * amount
      FROM (VALUES ('documents', d.status, 1::bigint),
                   ('pages', 'total', coalesce(d.page_count, 0)::bigint),
                   ('pages', 'inferred', d.pages_done::bigint),
                   ('pages', 'failed', d.pages_failed::bigint),
                   ('bytes', 'source', d.size_bytes),
                   ('failures', CASE WHEN d.status = 'FAILED' THEN d.failure_reason || '@' || coalesce(d.failure_stage, '') END, 1::bigint)
           ) AS c(metric, name, amount)
     WHERE name IS NOT NULL AND amount <> 0
$$;

CREATE FUNCTION tally_documents() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM tally_add(ARRAY(SELECT t FROM new_rows n, document_tallies(n, 1) t));
    ELSIF TG_OP = 'UPDATE' THEN
        PERFORM tally_add(ARRAY(SELECT t FROM old_rows o, document_tallies(o, -1) t
                                UNION ALL
                                SELECT t FROM new_rows n, document_tallies(n, 1) t));
    ELSE
        PERFORM tally_add(ARRAY(SELECT t FROM old_rows o, document_tallies(o, -1) t));
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER document_tally_insert AFTER INSERT ON document
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION tally_documents();
CREATE TRIGGER document_tally_update AFTER UPDATE ON document
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION tally_documents();
CREATE TRIGGER document_tally_delete AFTER DELETE ON document
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION tally_documents();

-- Pages by status, and pages that failed alone by reason and stage. A page row names no batch: its
-- document does.
CREATE FUNCTION page_tallies(p page, sign integer) RETURNS SETOF batch_tally LANGUAGE sql STABLE AS $$
    SELECT d.batch_id, metric, name, 0::smallint, sign::bigint
      FROM document d,
           (VALUES ('page_status', p.status),
                   ('page_failures', CASE WHEN p.status = 'FAILED' THEN p.failure_reason || '@' || coalesce(p.failure_stage, '') END)
           ) AS c(metric, name)
     WHERE d.id = p.document_id AND name IS NOT NULL
$$;

CREATE FUNCTION tally_pages() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM tally_add(ARRAY(SELECT t FROM new_rows n, page_tallies(n, 1) t));
    ELSIF TG_OP = 'UPDATE' THEN
        PERFORM tally_add(ARRAY(SELECT t FROM old_rows o, page_tallies(o, -1) t
                                UNION ALL
                                SELECT t FROM new_rows n, page_tallies(n, 1) t));
    ELSE
        PERFORM tally_add(ARRAY(SELECT t FROM old_rows o, page_tallies(o, -1) t));
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER page_tally_insert AFTER INSERT ON page
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION tally_pages();
CREATE TRIGGER page_tally_update AFTER UPDATE ON page
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION tally_pages();
CREATE TRIGGER page_tally_delete AFTER DELETE ON page
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION tally_pages();

-- The rows already there, counted once.
SELECT tally_add(ARRAY(SELECT t FROM document d, document_tallies(d, 1) t));
SELECT tally_add(ARRAY(SELECT t FROM page p, page_tallies(p, 1) t));

-- Listing resumes where it stopped. The cursor is written with each page's document rows, in the
-- same transaction: the prefix being listed (an index into prefixes) and the key the page was
-- listed after (S3's StartAfter), so a resumed listing lists that page again and re-sends the
-- messages of its documents still PENDING. The lease keeps two ingestion tasks off one listing.
ALTER TABLE batch
    ADD COLUMN listing_prefix      integer NOT NULL DEFAULT 0,
    ADD COLUMN listing_after       text,
    ADD COLUMN listing_owner       text,
    ADD COLUMN listing_lease_until timestamptz;

CREATE INDEX batch_listing ON batch (created_at) WHERE status = 'LISTING';
