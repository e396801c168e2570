package dev.docpipe.large.split;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/** @param pagesPerChunk the most pages in one chunk handed to the small-document workers */
@Validated
@ConfigurationProperties("docpipe.chunking")
public record ChunkingProperties(@DefaultValue("10") @Min(1) @Max(1000) int pagesPerChunk) {}
