package dev.docpipe.core.storage;

import jakarta.validation.constraints.NotBlank;
import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Where docpipe keeps what it produces.
 *
 * @param workBucket    the bucket for chunks, single pages and page images
 * @param tempDirectory where downloads are streamed to; the system temp directory when unset
 * @param multipartThreshold files larger than this are uploaded in parts (one PUT takes at most 5 GB)
 * @param multipartPartSize  the size of each part but the last; S3 wants at least 5 MB
 */
@Validated
@ConfigurationProperties("docpipe.storage")
public record StorageProperties(@NotBlank String workBucket, Path tempDirectory,
        @DefaultValue("64MB") DataSize multipartThreshold, @DefaultValue("16MB") DataSize multipartPartSize) {

    public Path tempDirectoryOrDefault() {
        return tempDirectory != null ? tempDirectory : Path.of(System.getProperty("java.io.tmpdir"));
    }
}
