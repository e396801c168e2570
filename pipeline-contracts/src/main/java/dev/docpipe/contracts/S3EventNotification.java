package dev.docpipe.contracts;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A page was converted: the shape of an S3 {@code ObjectCreated} event notification, so the
 * converted-page queue can be fed by S3 itself on AWS or by the image-converter's own message.
 * Only the fields docpipe reads are modelled; unknown ones are ignored.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record S3EventNotification(@JsonProperty("Records") List<Record> records) implements DocumentScoped {

    public static S3EventNotification objectCreated(String bucket, String key, long size, Instant when) {
        return new S3EventNotification(List.of(new Record(
                "2.1", "aws:s3", when.toString(), "ObjectCreated:Put",
                new S3("docpipe", new Bucket(bucket), new S3Object(key, size)))));
    }

    /** The converted page this notification is about; key layout from {@link ObjectKeys}. */
    public PageRef page() {
        if (records == null || records.size() != 1) {
            throw new IllegalArgumentException("expected exactly one record, got " + (records == null ? 0 : records.size()));
        }
        S3 s3 = records.getFirst().s3();
        return ObjectKeys.parsePageImage(s3.bucket().name(), s3.object().key());
    }

    @Override
    public UUID batchId() {
        return null;
    }

    @Override
    public UUID documentId() {
        return page().documentId();
    }

    @Override
    public int pageNumber() {
        return page().pageNumber();
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Record(String eventVersion, String eventSource, String eventTime, String eventName, S3 s3) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record S3(String configurationId, Bucket bucket, @JsonProperty("object") S3Object object) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Bucket(String name) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record S3Object(String key, long size) {}
}
