package dev.docpipe.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

class EmbeddedS3Test {

    static EmbeddedS3 server;
    static S3Client s3;

    @BeforeAll
    static void start() {
        server = EmbeddedS3.startInMemory("right-key", "right-secret", List.of("bucket"));
        s3 = endpoints("right-secret").newS3Client();
    }

    @AfterAll
    static void stop() {
        s3.close();
        server.close();
    }

    @Test
    void storesListsAndReturnsObjects() {
        s3.putObject(r -> r.bucket("bucket").key("docs/a.txt"), RequestBody.fromString("alpha"));
        s3.putObject(r -> r.bucket("bucket").key("docs/b.txt"), RequestBody.fromString("beta"));
        s3.putObject(r -> r.bucket("bucket").key("other/c.txt"), RequestBody.fromString("gamma"));

        assertThat(s3.getObjectAsBytes(r -> r.bucket("bucket").key("docs/b.txt")).asUtf8String()).isEqualTo("beta");
        assertThat(s3.listObjectsV2(r -> r.bucket("bucket").prefix("docs/")).contents())
                .extracting(S3Object::key)
                .containsExactly("docs/a.txt", "docs/b.txt");
    }

    @Test
    void rejectsARequestSignedWithTheWrongSecret() {
        try (S3Client intruder = endpoints("wrong-secret").newS3Client()) {
            assertThatThrownBy(() -> intruder.putObject(r -> r.bucket("bucket").key("x"), RequestBody.fromString("x")))
                    .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(403));
            assertThatThrownBy(() -> intruder.listObjectsV2(r -> r.bucket("bucket")))
                    .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(403));
        }
    }

    @Test
    void createsBucketsIdempotently() {
        server.createBucket("bucket");
        server.createBucket("another");

        assertThat(s3.listBuckets().buckets()).extracting(b -> b.name()).contains("bucket", "another");
    }

    private static InfrastructureEndpoints endpoints(String secret) {
        URI unused = URI.create("http://127.0.0.1:1");
        return new InfrastructureEndpoints("jdbc:unused", "u", "p", unused, server.endpoint(), "us-east-1",
                "right-key", secret, "bucket", "bucket");
    }
}
