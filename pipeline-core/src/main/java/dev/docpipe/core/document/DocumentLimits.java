package dev.docpipe.core.document;

import jakarta.validation.constraints.Positive;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * What docpipe accepts. A document over a limit ends FAILED at once with TOO_LARGE or
 * TOO_MANY_PAGES instead of costing a worker its memory.
 *
 * @param maxSize  the largest object accepted
 * @param maxPages the most pages accepted; PDFBox trusts a document's declared count, so the
 *     page tree is counted against this cap too
 */
@Validated
@ConfigurationProperties("docpipe.limits")
public record DocumentLimits(
        @DefaultValue("5GB") DataSize maxSize, @DefaultValue("100000") @Positive int maxPages) {}
