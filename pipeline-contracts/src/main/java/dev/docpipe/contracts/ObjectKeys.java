package dev.docpipe.contracts;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The layout of everything docpipe writes to object storage. Keys are deterministic, so a
 * redelivered message overwrites the same object instead of creating another.
 */
public final class ObjectKeys {

    private static final Pattern PAGE_IMAGE = Pattern.compile("pages/([0-9a-f-]{36})/(\\d+)\\.png");

    /** The layout of page image keys, recorded with every page so a result traces to its image. */
    public static final String PAGE_IMAGE_LAYOUT = "pages/{document}/{page}.png";

    private ObjectKeys() {}

    public static String chunk(UUID documentId, int firstPage, int lastPage) {
        return "chunks/%s/%d-%d.pdf".formatted(documentId, firstPage, lastPage);
    }

    public static String singlePage(UUID documentId, int pageNumber) {
        return "singles/%s/%d.pdf".formatted(documentId, pageNumber);
    }

    public static String pageImage(UUID documentId, int pageNumber) {
        return "pages/%s/%d.png".formatted(documentId, pageNumber);
    }

    /**
     * A page image with the model's boxes and labels drawn on it. Kept outside {@code pages/} on
     * purpose: on AWS, S3 announces every new object under {@code pages/} to the inference queue,
     * and an annotated image must not be inferred again.
     */
    public static String annotatedPage(UUID documentId, int pageNumber) {
        return "annotated/%s/%d.png".formatted(documentId, pageNumber);
    }

    /**
     * Where a page image the quality gate flagged (blank, unreadable) is copied, beside its reason
     * on the page row: one prefix holds every page a person should look at.
     */
    public static String quarantinedPageImage(UUID documentId, int pageNumber) {
        return "quarantine/%s/%d.png".formatted(documentId, pageNumber);
    }

    /**
     * Reads a page image key back. S3 event notifications URL-encode keys, so the key is decoded
     * first.
     */
    public static PageRef parsePageImage(String bucket, String key) {
        String decoded = URLDecoder.decode(key, StandardCharsets.UTF_8);
        Matcher m = PAGE_IMAGE.matcher(decoded);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a page image key: " + key);
        }
        return new PageRef(bucket, decoded, UUID.fromString(m.group(1)), Integer.parseInt(m.group(2)));
    }
}
