package dev.docpipe.model;

import java.net.URI;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Optional access to S3 and SQS, as Textract itself has: S3 to read a {@code Document.S3Object}
 * or {@code DocumentLocation} and to write {@code OutputConfig} results, SQS to deliver a job's
 * completion notification where its SNS topic would. Without a region the endpoint answers
 * S3-based requests with InvalidS3ObjectException and drops notifications (logged).
 *
 * @param region      the region to sign for; setting it turns S3 and SQS access on
 * @param s3Endpoint  an endpoint override for a local S3 server
 * @param sqsEndpoint an endpoint override for a local SQS server
 * @param pathStyle   path-style S3 addressing, which local servers need
 * @param accessKey   static credentials for local servers; the default AWS chain when unset
 * @param secretKey   see {@code accessKey}
 */
@ConfigurationProperties("docpipe.model.aws")
record AwsAccessProperties(String region, URI s3Endpoint, URI sqsEndpoint, boolean pathStyle, String accessKey, String secretKey) {

    boolean enabled() {
        return region != null && !region.isBlank();
    }
}
