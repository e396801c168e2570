-- A document can complete with some pages FAILED (the failsafe worker salvages what it can):
-- it is done when every page is either inferred or failed, and fails only if no page survived.

ALTER TABLE document ADD COLUMN pages_failed integer NOT NULL DEFAULT 0;
ALTER TABLE document ADD CONSTRAINT document_pages_accounted
    CHECK (page_count IS NULL OR pages_done + pages_failed <= page_count);

ALTER TABLE page ADD COLUMN failure_stage text;
ALTER TABLE page ADD COLUMN failure_detail text;

-- Reconciliation looks for documents that stopped moving.
CREATE INDEX document_in_flight ON document (updated_at) WHERE status IN ('PENDING', 'CLASSIFIED');
