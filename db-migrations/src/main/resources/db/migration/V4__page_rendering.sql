-- What the model saw, per page: where the image is (and under which key layout), how it was made
-- (resolution, colour mode), and what the quality gate found. A flagged page's image is also copied
-- under quarantine/; when flagged pages are not sent to the model, the page ends QUARANTINED.

ALTER TABLE page
    ADD COLUMN key_layout      text,
    ADD COLUMN render_dpi      integer CHECK (render_dpi IS NULL OR render_dpi >= 0),
    ADD COLUMN colour_mode     text    CHECK (colour_mode IN ('GREY', 'COLOUR')),
    ADD COLUMN image_bytes     bigint,
    ADD COLUMN quality         text    CHECK (quality IN ('CLEAN', 'BLANK', 'BLURRED')),
    ADD COLUMN quality_detail  text,
    ADD COLUMN quarantine_key  text;

COMMENT ON COLUMN page.render_dpi IS 'the resolution the page was rendered at, after any fallback; 0 for an image input';

ALTER TABLE page DROP CONSTRAINT page_status_check;
ALTER TABLE page ADD CONSTRAINT page_status_check
    CHECK (status IN ('CONVERTED', 'INFERRED', 'FAILED', 'QUARANTINED'));

CREATE INDEX page_quarantined ON page (document_id) WHERE quarantine_key IS NOT NULL;
