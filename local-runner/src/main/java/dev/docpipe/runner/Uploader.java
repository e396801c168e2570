package dev.docpipe.runner;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/** Puts local files under a prefix of the input bucket, as a user's upload would. */
final class Uploader {

    private final S3Client s3;
    private final String bucket;

    Uploader(S3Client s3, String bucket) {
        this.s3 = s3;
        this.bucket = bucket;
    }

    void upload(List<Path> files, String prefix) {
        Set<String> used = new HashSet<>();
        for (Path file : files) {
            String name = file.getFileName().toString();
            // Two files of the same name from different folders must not overwrite each other.
            String key = prefix + name;
            for (int n = 2; !used.add(key); n++) {
                key = prefix + n + "-" + name;
            }
            String target = key;
            s3.putObject(b -> b.bucket(bucket).key(target), RequestBody.fromFile(file));
        }
    }
}
