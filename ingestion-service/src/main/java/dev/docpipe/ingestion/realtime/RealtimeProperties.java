package dev.docpipe.ingestion.realtime;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * {@code POST /documents}: one file in, its result out while the client waits.
 *
 * @param bucket         where uploads are stored; unset, the first of
 *     {@code docpipe.ingestion.allowed-buckets} (it must be on that list: the pipeline reads it)
 * @param prefix         under which uploads are stored, as {@code <prefix><yyyy-mm-dd>/<uuid>/<file name>};
 *     must not overlap a rolling source's prefix, or S3 would announce every upload a second time
 * @param maxFileSize    the largest file accepted; a larger one is answered 413
 * @param defaultWait    how long a request waits for the result when it names no {@code wait}
 * @param maxWait        the longest {@code wait} a request may ask for
 * @param pollInterval   how often the documents being waited for are looked up, all in one query
 * @param inlineRawPages documents with at most this many pages carry each page's raw model output
 *     in the answer; larger ones link to it per page
 */
@ConfigurationProperties("docpipe.ingestion.realtime")
public record RealtimeProperties(
        String bucket,
        @DefaultValue("uploads/") String prefix,
        @DefaultValue("50MB") DataSize maxFileSize,
        @DefaultValue("0s") Duration defaultWait,
        @DefaultValue("60s") Duration maxWait,
        @DefaultValue("100ms") Duration pollInterval,
        @DefaultValue("10") int inlineRawPages) {

    public RealtimeProperties {
        if (maxWait.isNegative() || defaultWait.isNegative() || defaultWait.compareTo(maxWait) > 0) {
            throw new IllegalArgumentException("docpipe.ingestion.realtime: need 0 <= default-wait <= max-wait, got %s and %s"
                    .formatted(defaultWait, maxWait));
        }
        if (pollInterval.compareTo(Duration.ofMillis(10)) < 0) {
            throw new IllegalArgumentException("docpipe.ingestion.realtime.poll-interval must be at least 10 ms, was " + pollInterval);
        }
    }
}
