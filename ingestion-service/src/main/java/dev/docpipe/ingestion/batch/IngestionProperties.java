package dev.docpipe.ingestion.batch;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * @param allowedBuckets the only buckets a batch may read; nothing else reaches the S3 client
 * @param maxPrefixes    the most prefixes one batch may name
 * @param defaultModel   the model a batch uses when it names none
 * @param defaultDpi     the rendering resolution a batch uses when it names none
 * @param maxRequestSize the largest request body the API reads; 100 prefixes of 1024 characters
 *     take about 100 KB
 */
@Validated
@ConfigurationProperties("docpipe.ingestion")
public record IngestionProperties(
        @NotEmpty List<String> allowedBuckets,
        @DefaultValue("100") @Min(1) int maxPrefixes,
        @DefaultValue("docpipe-ocr") @NotBlank String defaultModel,
        @DefaultValue("150") int defaultDpi,
        @DefaultValue("1MB") DataSize maxRequestSize) {}
