-- docpipe's audit trail and state. Every write is idempotent on a natural key, because SQS
-- delivers at least once: a redelivered message must repeat the same effect, not add a second.

CREATE TABLE batch (
    id                uuid        PRIMARY KEY,
    status            text        NOT NULL CHECK (status IN ('LISTING', 'RUNNING', 'COMPLETED', 'FAILED')),
    source_bucket     text        NOT NULL,
    prefixes          text[]      NOT NULL,
    options           jsonb       NOT NULL,
    -- Counters move only on a real state transition of a document (see DocumentLedger).
    document_count    integer     NOT NULL DEFAULT 0,
    completed_count   integer     NOT NULL DEFAULT 0,
    failed_count      integer     NOT NULL DEFAULT 0,
    listing_complete  boolean     NOT NULL DEFAULT false,
    failure_detail    text,
    created_at        timestamptz NOT NULL DEFAULT now(),
    listed_at         timestamptz,
    completed_at      timestamptz,
    CHECK (completed_count + failed_count <= document_count)
);

CREATE INDEX batch_created_at ON batch (created_at DESC);

CREATE TABLE document (
    -- Derived from (batch, bucket, key), so listing the same object again yields the same id.
    id                uuid        PRIMARY KEY,
    batch_id          uuid        NOT NULL REFERENCES batch (id),
    bucket            text        NOT NULL,
    object_key        text        NOT NULL,
    size_bytes        bigint      NOT NULL,
    status            text        NOT NULL CHECK (status IN ('PENDING', 'CLASSIFIED', 'COMPLETED', 'FAILED')),
    source_kind       text,
    doc_class         text,
    page_count        integer,
    pages_done        integer     NOT NULL DEFAULT 0,
    failure_reason    text,
    failure_stage     text,
    failure_detail    text,
    created_at        timestamptz NOT NULL DEFAULT now(),
    updated_at        timestamptz NOT NULL DEFAULT now(),
    completed_at      timestamptz,
    UNIQUE (batch_id, bucket, object_key),
    CHECK (page_count IS NULL OR pages_done <= page_count),
    CHECK ((status = 'FAILED') = (failure_reason IS NOT NULL))
);

CREATE INDEX document_batch_status ON document (batch_id, status);

CREATE TABLE page (
    document_id       uuid        NOT NULL REFERENCES document (id),
    page_number       integer     NOT NULL CHECK (page_number >= 1),
    status            text        NOT NULL CHECK (status IN ('CONVERTED', 'INFERRED', 'FAILED')),
    image_key         text,
    width_px          integer,
    height_px         integer,
    failure_reason    text,
    updated_at        timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (document_id, page_number)
);

CREATE TABLE inference_result (
    document_id       uuid        NOT NULL,
    page_number       integer     NOT NULL,
    model             text        NOT NULL,
    backend           text        NOT NULL,
    raw_output        jsonb       NOT NULL,
    -- The extracted features reports group by (text found, line and word counts, confidence).
    features          jsonb       NOT NULL,
    latency_ms        integer     NOT NULL,
    created_at        timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (document_id, page_number, model),
    FOREIGN KEY (document_id, page_number) REFERENCES page (document_id, page_number)
);

-- Several rows per page: append-only, written in batches, never updated.
CREATE TABLE audit_event (
    id                bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
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
);

CREATE INDEX audit_event_document ON audit_event (document_id, created_at);
CREATE INDEX audit_event_batch ON audit_event (batch_id, created_at);
