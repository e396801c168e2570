package dev.docpipe.contracts;

import java.util.UUID;

/** One rendered page in object storage. */
public record PageRef(String bucket, String key, UUID documentId, int pageNumber) {}
