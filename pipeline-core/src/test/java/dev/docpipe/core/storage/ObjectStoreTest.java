package dev.docpipe.core.storage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.docpipe.testing.PipelineInfrastructure;
import dev.docpipe.testing.TestInfrastructure;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.unit.DataSize;

/** Uploads on a real S3 API: a file over the threshold goes up in parts and comes back whole. */
@PipelineInfrastructure
class ObjectStoreTest {

    @TempDir
    Path dir;

    private final TestInfrastructure infra = TestInfrastructure.shared();

    @Test
    void uploadsAFileOverTheThresholdInPartsAndItComesBackWhole() throws IOException {
        String bucket = infra.endpoints().workBucket();
        ObjectStore store = new ObjectStore(infra.s3Client(),
                new StorageProperties(bucket, dir, DataSize.ofMegabytes(6), DataSize.ofMegabytes(5)));
        byte[] content = new byte[13 * 1024 * 1024];
        new Random(3).nextBytes(content);
        Path file = Files.write(dir.resolve("big.pdf"), content);

        store.upload(bucket, "multipart/big.pdf", file, "application/pdf");

        var head = infra.s3Client().headObject(b -> b.bucket(bucket).key("multipart/big.pdf"));
        // S3 marks an object assembled from parts with an ETag ending in its part count.
        assertThat(head.eTag()).endsWith("-3\"");
        try (LocalCopy copy = store.download(bucket, "multipart/big.pdf")) {
            assertThat(Files.readAllBytes(copy.path())).isEqualTo(content);
        }
    }
}
