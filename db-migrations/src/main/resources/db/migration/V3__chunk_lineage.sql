-- The lineage of every split: document -> chunks -> single pages, so that a page's PDF can be
-- traced to the chunk it was cut from and that chunk's page range in the source document.
-- A row is written once its part is stored, keyed by what is deterministic (the document, the
-- kind of part and its first page), so a redelivered split message writes the same rows again,
-- which ON CONFLICT DO NOTHING turns into no-ops.

CREATE TABLE split_part (
    document_id        uuid        NOT NULL REFERENCES document (id),
    kind               text        NOT NULL CHECK (kind IN ('CHUNK', 'PAGE')),
    -- Page numbers are the source document's, 1-based and inclusive.
    first_page         integer     NOT NULL CHECK (first_page >= 1),
    last_page          integer     NOT NULL,
    object_key         text        NOT NULL,
    -- What the part was cut from: the source document (first page 1), or a chunk.
    parent_key         text        NOT NULL,
    parent_first_page  integer     NOT NULL CHECK (parent_first_page >= 1),
    size_bytes         bigint      NOT NULL,
    created_at         timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (document_id, kind, first_page),
    CHECK (last_page >= first_page),
    CHECK (kind = 'CHUNK' OR first_page = last_page),
    CHECK (parent_first_page <= first_page)
);

-- A split that finished: every part stored, recorded and announced to the next stage. A worker
-- stopped mid-split writes none, so only finished splits count as done.
CREATE TABLE split_completed (
    document_id        uuid        NOT NULL REFERENCES document (id),
    stage              text        NOT NULL,
    first_page         integer     NOT NULL,
    last_page          integer     NOT NULL,
    parts              integer     NOT NULL,
    source_key         text        NOT NULL,
    completed_at       timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (document_id, stage, first_page)
);
