package dev.docpipe.converter.render;

import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * @param maxPixelsPerSide the largest image side rendered (Textract's own limit is 10,000 px);
 *     a page that would be larger is rendered at a lower resolution
 * @param minDpi           below this resolution a page is useless for OCR: FAILED with PAGE_TOO_LARGE
 * @param notifyConverted  send the converted-page message ourselves (locally), rather than rely on
 *     the bucket's event notification (on AWS)
 */
@Validated
@ConfigurationProperties("docpipe.render")
public record RenderProperties(
        @DefaultValue("10000") @Min(100) int maxPixelsPerSide,
        @DefaultValue("36") @Min(1) int minDpi,
        @DefaultValue("true") boolean notifyConverted) {}
