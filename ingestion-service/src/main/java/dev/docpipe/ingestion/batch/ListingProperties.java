package dev.docpipe.ingestion.batch;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How a batch's prefixes are listed.
 *
 * @param pageSize     keys recorded, sent and checkpointed together: S3's own page (1,000 keys);
 *     a resumed listing repeats at most one page
 * @param lease        how long a listing stays its task's after the last page it recorded; a
 *     listing whose task died is resumed by another task (or the same one restarted) once this
 *     has passed. Longer than an S3 page plus its recording ever takes.
 * @param resumeEvery  how often each ingestion task looks for listings whose lease ran out
 */
@Validated
@ConfigurationProperties("docpipe.ingestion.listing")
public record ListingProperties(
        @DefaultValue("1000") @Min(1) @Max(10_000) int pageSize,
        @DefaultValue("1m") Duration lease,
        @DefaultValue("30s") Duration resumeEvery) {}
