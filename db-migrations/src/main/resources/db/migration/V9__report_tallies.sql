-- The batch report's figures kept as counters too (see V6), so the report of a batch of ten
-- million pages answers from a few hundred counter rows instead of scanning its results and its
-- audit trail:
--   result_pages  (name: total)             page results recorded
--   feature_pages (name: feature)           results with a boolean feature: each flag (hasText),
--                                           each keyword (keywords.<word>), each class counted at
--                                           least once (classes.<label>), as the page_feature view
--   result_minute (name: minute, ISO UTC)   results recorded in that minute
--   stage_events  (name: stage)             audit events of a stage
--   stage_failing (name: stage)             ... that did not succeed
--   stage_ms      (name: STAGE|bucket)      ... by time spent, in buckets a quarter of a binary
--                                           order of magnitude wide (19 %): percentiles are read
--                                           from them to within that
-- Results are deleted when a document is reprocessed; the trigger takes them back out.

-- PL/pgSQL rather than SQL: inlined into the triggers' queries, the SQL form of this function
-- trips a planner error ("variable not found in subplan target list").
CREATE FUNCTION result_tallies(r inference_result, sign integer) RETURNS SETOF batch_tally LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
    IF r.batch_id IS NULL THEN
        RETURN;
    END IF;
    RETURN QUERY
    SELECT r.batch_id, t.metric, t.name, 0::smallint, sign::bigint
      FROM (SELECT 'result_pages' AS metric, 'total' AS name
            UNION ALL
            SELECT 'result_minute', to_char(date_trunc('minute', r.created_at AT TIME ZONE 'UTC'), 'YYYY-MM-DD"T"HH24:MI"Z"')
            UNION ALL
            SELECT 'feature_pages', e.key FROM jsonb_each(r.features) e WHERE e.value = 'true'::jsonb
            UNION ALL
            SELECT 'feature_pages', 'keywords.' || k.key
              FROM jsonb_each(CASE WHEN jsonb_typeof(r.features -> 'keywords') = 'object' THEN r.features -> 'keywords' ELSE '{}' END) k
             WHERE k.value = 'true'::jsonb
            UNION ALL
            SELECT 'feature_pages', 'classes.' || c.key
              FROM jsonb_each(CASE WHEN jsonb_typeof(r.features -> 'classes') = 'object' THEN r.features -> 'classes' ELSE '{}' END) c
             WHERE jsonb_typeof(c.value) = 'number' AND c.value::text::numeric > 0) AS t;
END
$$;

-- Every boolean feature a result names, present or not: the report says how many pages lack it.
CREATE TABLE batch_feature (
    batch_id  uuid NOT NULL REFERENCES batch (id),
    feature   text NOT NULL,
    PRIMARY KEY (batch_id, feature)
);

CREATE FUNCTION tally_result_figures() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM tally_add(ARRAY(SELECT t FROM new_rows n, result_tallies(n, 1) t));
        INSERT INTO batch_feature (batch_id, feature)
        SELECT DISTINCT n.batch_id, f.feature
          FROM new_rows n CROSS JOIN LATERAL (
                SELECT e.key AS feature FROM jsonb_each(n.features) e WHERE jsonb_typeof(e.value) = 'boolean'
                UNION ALL
                SELECT 'keywords.' || k.key
                  FROM jsonb_each(CASE WHEN jsonb_typeof(n.features -> 'keywords') = 'object' THEN n.features -> 'keywords' ELSE '{}' END) k
                UNION ALL
                SELECT 'classes.' || c.key
                  FROM jsonb_each(CASE WHEN jsonb_typeof(n.features -> 'classes') = 'object' THEN n.features -> 'classes' ELSE '{}' END) c) f
         WHERE n.batch_id IS NOT NULL
         ORDER BY 1, 2
        ON CONFLICT DO NOTHING;
    ELSE
        PERFORM tally_add(ARRAY(SELECT t FROM old_rows o, result_tallies(o, -1) t));
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER result_tally_insert AFTER INSERT ON inference_result
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION tally_result_figures();
CREATE TRIGGER result_tally_delete AFTER DELETE ON inference_result
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION tally_result_figures();

-- The bucket of a duration: 0 for 0 ms, else 1 + floor(4 * log2(ms)); its upper bound is 2^(bucket/4) ms.
CREATE FUNCTION duration_bucket(ms integer) RETURNS integer LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN ms <= 0 THEN 0 ELSE 1 + floor(4 * log(2, ms::numeric))::integer END
$$;

CREATE FUNCTION tally_audit() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM tally_add(ARRAY(
        SELECT ROW(n.batch_id, m.metric, m.name, 0, 1)::batch_tally
          FROM new_rows n CROSS JOIN LATERAL (
                VALUES ('stage_events', n.stage),
                       ('stage_failing', CASE WHEN n.outcome <> 'SUCCEEDED' THEN n.stage END),
                       ('stage_ms', n.stage || '|' || duration_bucket(n.duration_ms))) AS m(metric, name)
         -- An event naming no batch we know (the DEFAULT partition takes it) is kept, not counted:
         -- counting it would break the counters' foreign key and lose the whole insert.
         WHERE n.batch_id IS NOT NULL AND m.name IS NOT NULL AND EXISTS (SELECT 1 FROM batch b WHERE b.id = n.batch_id)));
    RETURN NULL;
END
$$;

CREATE TRIGGER audit_tally_insert AFTER INSERT ON audit_event
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION tally_audit();

-- The rows already there, counted once.
SELECT tally_add(ARRAY(SELECT t FROM inference_result r, result_tallies(r, 1) t));
SELECT tally_add(ARRAY(
    SELECT ROW(a.batch_id, m.metric, m.name, 0, 1)::batch_tally
      FROM audit_event a CROSS JOIN LATERAL (
            VALUES ('stage_events', a.stage),
                   ('stage_failing', CASE WHEN a.outcome <> 'SUCCEEDED' THEN a.stage END),
                   ('stage_ms', a.stage || '|' || duration_bucket(a.duration_ms))) AS m(metric, name)
     WHERE a.batch_id IS NOT NULL AND m.name IS NOT NULL AND EXISTS (SELECT 1 FROM batch b WHERE b.id = a.batch_id)));
INSERT INTO batch_feature (batch_id, feature)
SELECT DISTINCT batch_id, feature FROM page_feature ON CONFLICT DO NOTHING;
