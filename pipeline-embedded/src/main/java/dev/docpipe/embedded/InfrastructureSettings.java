package dev.docpipe.embedded;

import java.nio.file.Path;

/**
 * How {@link LocalInfrastructure} sets up its servers.
 *
 * @param workDirectory where PostgreSQL's data ({@code postgres/}) and the S3 objects ({@code s3/})
 *                      live; one directory per run keeps concurrent runs apart
 * @param region        the AWS region in queue ARNs and client signatures
 * @param accountId     the account id in queue ARNs and URLs
 * @param accessKey     the key pair S3Proxy accepts (and the SQS clients sign with)
 * @param secretKey     its secret
 * @param workBucket    the bucket for what the pipeline produces
 * @param inputBucket   a bucket for source documents
 * @param inMemoryS3    keep objects in memory instead of under {@code workDirectory}
 */
public record InfrastructureSettings(
        Path workDirectory,
        String region,
        String accountId,
        String accessKey,
        String secretKey,
        String workBucket,
        String inputBucket,
        boolean inMemoryS3) {

    public static final String DEFAULT_REGION = "us-east-1";
    /** The placeholder account id LocalStack and the AWS docs use. */
    public static final String DEFAULT_ACCOUNT_ID = "000000000000";
    public static final String DEFAULT_WORK_BUCKET = "docpipe-work";
    public static final String DEFAULT_INPUT_BUCKET = "docpipe-input";

    /** The defaults: region us-east-1, account 000000000000, buckets docpipe-work and docpipe-input, S3 on disk. */
    public static InfrastructureSettings defaults(Path workDirectory) {
        return new InfrastructureSettings(workDirectory, DEFAULT_REGION, DEFAULT_ACCOUNT_ID,
                "docpipe-local", "docpipe-local-secret", DEFAULT_WORK_BUCKET, DEFAULT_INPUT_BUCKET, false);
    }

    /** The same settings with S3 objects kept in memory. */
    public InfrastructureSettings withInMemoryS3() {
        return new InfrastructureSettings(workDirectory, region, accountId, accessKey, secretKey, workBucket,
                inputBucket, true);
    }
}
