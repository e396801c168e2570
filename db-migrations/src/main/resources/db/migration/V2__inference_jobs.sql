-- Asynchronous inference (Textract's StartDocumentTextDetection): one job per page and model.
-- A job is found from its id (the completion notification names it) and from its S3 object
-- (the page image it reads), and jobs whose notification never came are found by age.

CREATE TABLE inference_job (
    job_id            text        PRIMARY KEY,
    backend           text        NOT NULL,
    document_id       uuid        NOT NULL,
    page_number       integer     NOT NULL,
    model             text        NOT NULL,
    bucket            text        NOT NULL,
    object_key        text        NOT NULL,
    -- LOST: the service no longer knows the job (its results expired); the page is started again.
    status            text        NOT NULL DEFAULT 'IN_PROGRESS'
                                  CHECK (status IN ('IN_PROGRESS', 'SUCCEEDED', 'FAILED', 'LOST')),
    -- Restarts after a lost job; part of the idempotency token, so a restart is a new job.
    generation        integer     NOT NULL DEFAULT 0,
    started_at        timestamptz NOT NULL DEFAULT now(),
    notified_at       timestamptz,
    last_polled_at    timestamptz,
    polls             integer     NOT NULL DEFAULT 0,
    completed_at      timestamptz,
    -- How the result arrived: 'notification' or 'poll'.
    completed_by      text,
    status_message    text,
    UNIQUE (document_id, page_number, model),
    FOREIGN KEY (document_id, page_number) REFERENCES page (document_id, page_number)
);

CREATE INDEX inference_job_object ON inference_job (bucket, object_key);
CREATE INDEX inference_job_open ON inference_job (started_at) WHERE status = 'IN_PROGRESS';

-- The page image with the model's boxes drawn, when the batch asked for annotated images.
ALTER TABLE inference_result ADD COLUMN annotated_key text;
