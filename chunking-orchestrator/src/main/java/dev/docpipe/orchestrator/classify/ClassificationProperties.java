package dev.docpipe.orchestrator.classify;

import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Seed 001's thresholds: LARGE is over {@code largeSize} or over {@code maxSmallPages} pages;
 * SMALL is at most both with 2 or more pages; SINGLE is one page within the size.
 */
@Validated
@ConfigurationProperties("docpipe.classification")
public record ClassificationProperties(
        @DefaultValue("10MB") DataSize largeSize, @DefaultValue("10") @Min(1) int maxSmallPages) {}
