package dev.docpipe.core.storage;

import jakarta.validation.constraints.NotBlank;
import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Where docpipe keeps what it produces.
 *
 * @param workBucket    the bucket for chunks, single pages and page images
 * @param tempDirectory where downloads are streamed to; the system temp directory when unset
 */
@Validated
@ConfigurationProperties("docpipe.storage")
public record StorageProperties(@NotBlank String workBucket, Path tempDirectory) {

    public Path tempDirectoryOrDefault() {
        return tempDirectory != null ? tempDirectory : Path.of(System.getProperty("java.io.tmpdir"));
    }
}
