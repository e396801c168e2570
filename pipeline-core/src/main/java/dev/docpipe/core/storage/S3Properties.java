package dev.docpipe.core.storage;

import java.net.URI;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How to reach S3. Region and credentials are Spring Cloud AWS's ({@code spring.cloud.aws.*}),
 * shared with SQS.
 *
 * @param endpoint  an endpoint override for a local S3 server; unset on AWS
 * @param pathStyle path-style addressing, which local servers need
 */
@ConfigurationProperties("docpipe.s3")
public record S3Properties(URI endpoint, boolean pathStyle) {}
