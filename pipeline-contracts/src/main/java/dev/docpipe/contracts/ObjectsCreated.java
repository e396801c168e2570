package dev.docpipe.contracts;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Objects were created under a source prefix: S3's own event notification, as a bucket's
 * notification configuration delivers it to the object-created queue (one or more records), or
 * the test event S3 sends once when such a configuration is saved. Only the fields docpipe reads
 * are modelled; unknown ones are ignored.
 *
 * @param records the created objects, their keys URL-encoded as S3 writes them; none in a test event
 * @param event   {@value #TEST_EVENT} in S3's test message, absent in a notification
 * @param bucket  the bucket a test event is about
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ObjectsCreated(
        @JsonProperty("Records") List<S3EventNotification.Record> records,
        @JsonProperty("Event") String event,
        @JsonProperty("Bucket") String bucket) {

    public static final String TEST_EVENT = "s3:TestEvent";

    public ObjectsCreated {
        records = records == null ? List.of() : List.copyOf(records);
    }

    /** A notification of the given records, as S3 would send it. */
    public static ObjectsCreated of(List<S3EventNotification.Record> records) {
        return new ObjectsCreated(records, null, null);
    }

    /** The message S3 sends to check that it may deliver to the queue: no object, nothing to do. */
    public boolean isTestEvent() {
        return TEST_EVENT.equals(event);
    }

    /**
     * The key of a record as stored: S3 URL-encodes keys in notifications the way HTML forms do,
     * a space as {@code +} and a literal {@code +} as {@code %2B}.
     */
    public static String decodedKey(S3EventNotification.Record record) {
        return URLDecoder.decode(record.s3().object().key(), StandardCharsets.UTF_8);
    }
}
