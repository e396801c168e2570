package dev.docpipe.ingestion.batch;

/**
 * Where a listing stands: the prefix being listed (an index into the batch's prefixes) and the key
 * its current page was listed after (S3's {@code StartAfter}; null at the start of a prefix).
 * Stored with each page's document rows, so a resumed listing starts with the last page recorded.
 *
 * @param repeat whether documents were recorded before this claim: the first page is then
 *     listed again, and its documents still PENDING are sent again, as they may never have been
 */
record ListingCursor(int prefix, String after, boolean repeat) {}
