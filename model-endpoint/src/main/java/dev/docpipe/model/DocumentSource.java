package dev.docpipe.model;

import java.util.Base64;
import java.util.Optional;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import tools.jackson.databind.JsonNode;

/**
 * The bytes of a Textract {@code Document}: inline ({@code Bytes}, base64 in JSON) or read from
 * {@code S3Object} when S3 access is configured. Exactly one of the two, as Textract requires.
 */
@Component
class DocumentSource {

    private final Optional<S3Client> s3;
    private final long maxBytes;

    DocumentSource(AwsClients clients, ModelEndpointProperties model) {
        this.s3 = clients.s3();
        this.maxBytes = model.maxBodySize().toBytes();
    }

    byte[] bytesOf(JsonNode document) {
        JsonNode bytes = document.path("Bytes");
        JsonNode object = document.path("S3Object");
        if (bytes.isMissingNode() == object.isMissingNode()) {
            throw TextractException.invalidParameter("Document must have exactly one of Bytes or S3Object.");
        }
        if (!bytes.isMissingNode()) {
            try {
                return Base64.getDecoder().decode(bytes.asString(""));
            } catch (IllegalArgumentException e) {
                throw TextractException.invalidParameter("Document.Bytes is not valid base64.");
            }
        }
        return read(object.path("Bucket").asString(""), object.path("Name").asString(""), object.path("Version").asString(null));
    }

    byte[] read(String bucket, String key, String version) {
        S3Client client = s3.orElseThrow(() -> TextractException.invalidS3Object(
                "S3 access is not configured on this endpoint (docpipe.model.aws.region); send Document.Bytes."));
        if (bucket.isBlank() || key.isBlank()) {
            throw TextractException.invalidParameter("S3Object needs Bucket and Name.");
        }
        try {
            var object = client.getObjectAsBytes(b -> b.bucket(bucket).key(key).versionId(version));
            if (object.response().contentLength() != null && object.response().contentLength() > maxBytes) {
                throw new PayloadTooLargeException("s3://%s/%s is larger than %d bytes".formatted(bucket, key, maxBytes));
            }
            return object.asByteArray();
        } catch (NoSuchKeyException e) {
            throw TextractException.invalidS3Object("Unable to get object metadata from S3. Check object key, region and/or access permissions.");
        } catch (SdkException e) {
            throw TextractException.invalidS3Object("Unable to read s3://%s/%s: %s".formatted(bucket, key, e.getMessage()));
        }
    }
}
