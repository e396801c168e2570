package dev.docpipe.ingestion.rolling;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Sources whose new objects S3 announces on the object-created queue, each feeding a rolling
 * batch.
 *
 * @param sources       the bucket and prefix of each source, with its processing options
 * @param rotation      the length of a rolling batch's window: a source's objects of one window
 *     (UTC, counted from the epoch, so {@code 1d} is a calendar day) share a batch
 * @param closeAfter    how long after its window ends a rolling batch still takes late
 *     notifications (a redelivery, a backlog) before its listing is complete and it may complete
 * @param closeInterval how often ended windows are looked for
 */
@Validated
@ConfigurationProperties("docpipe.ingestion.rolling")
public record RollingProperties(
        @DefaultValue List<@Valid Source> sources,
        @DefaultValue("1d") Duration rotation,
        @DefaultValue("1h") Duration closeAfter,
        @DefaultValue("1m") Duration closeInterval) {

    public RollingProperties {
        if (rotation.compareTo(Duration.ofMinutes(1)) < 0) {
            throw new IllegalArgumentException("docpipe.ingestion.rolling.rotation must be at least a minute, was " + rotation);
        }
        if (closeAfter.isNegative()) {
            throw new IllegalArgumentException("docpipe.ingestion.rolling.close-after must not be negative, was " + closeAfter);
        }
    }

    /**
     * One source. Options left unset take the defaults of {@code POST /batches}
     * ({@code docpipe.ingestion.default-model}, {@code default-dpi}; the dispatcher's default backend).
     *
     * @param name    how its batches are named in the audit trail and the database; defaults to
     *     {@code bucket/prefix}
     * @param bucket  the bucket; must be on {@code docpipe.ingestion.allowed-buckets}
     * @param prefix  the key prefix, like {@code inbox/}; an object under no source's prefix is skipped
     * @param fileNamePattern a file-name pattern with named groups, as {@code POST /batches}'s: each
     *     document's groups are stored as its metadata
     */
    public record Source(String name, @NotBlank String bucket, @NotNull String prefix, String model, Integer dpi, String backend,
            Boolean annotate, String fileNamePattern) {}
}
