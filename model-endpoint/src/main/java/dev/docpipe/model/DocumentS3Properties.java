package dev.docpipe.model;

import java.net.URI;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Optional S3 access, for Textract requests that name a {@code Document.S3Object} instead of
 * carrying the bytes. Without a region the endpoint answers such requests InvalidS3ObjectException.
 *
 * @param region    the region to sign for; setting it turns S3 access on
 * @param endpoint  an endpoint override for a local S3 server
 * @param pathStyle path-style addressing, which local servers need
 * @param accessKey static credentials for a local server; the default AWS chain when unset
 * @param secretKey see {@code accessKey}
 */
@ConfigurationProperties("docpipe.model.s3")
record DocumentS3Properties(String region, URI endpoint, boolean pathStyle, String accessKey, String secretKey) {

    boolean enabled() {
        return region != null && !region.isBlank();
    }
}
