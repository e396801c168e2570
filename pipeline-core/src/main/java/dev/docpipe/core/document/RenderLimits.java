package dev.docpipe.core.document;

import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * @param maxPixelsPerSide the largest image side rendered (Textract's own limit is 10,000 px); a
 *     page that would be larger is rendered at the highest resolution that fits
 * @param minDpi           below this a page is useless for OCR: it fails with PAGE_TOO_LARGE
 */
@Validated
@ConfigurationProperties("docpipe.render")
public record RenderLimits(@DefaultValue("10000") @Min(100) int maxPixelsPerSide, @DefaultValue("36") @Min(1) int minDpi) {}
