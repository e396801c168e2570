package dev.docpipe.model;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.Set;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * The SageMaker runtime's {@code InvokeEndpoint} operation (REST-JSON): the body is the raw image,
 * {@code Content-Type} names its type, and the reply is the model's JSON with the production
 * variant in a header, which is what {@code SageMakerRuntimeClient.invokeEndpoint} expects.
 * {@code Accept} is not checked: this model only ever answers JSON.
 */
@RestController
class InvocationsController {

    static final String INVOKED_VARIANT_HEADER = "x-Amzn-Invoked-Production-Variant";

    // application/octet-stream too, since the format is sniffed from the bytes anyway (handy with curl).
    private static final Set<String> IMAGE_TYPES = Set.of(
            "image/png", "image/jpeg", "image/tiff", "application/x-image", "application/octet-stream");

    private final ModelEndpointProperties properties;
    private final OcrModel model;
    private final ModelFaults faults;

    InvocationsController(ModelEndpointProperties properties, OcrModel model, ModelFaults faults) {
        this.properties = properties;
        this.model = model;
        this.faults = faults;
    }

    @PostMapping("/endpoints/{endpointName}/invocations")
    ResponseEntity<OcrResult> invoke(
            @PathVariable String endpointName,
            @RequestHeader(name = HttpHeaders.CONTENT_TYPE, required = false) String contentType,
            HttpServletRequest request) throws IOException {
        if (!properties.endpointNames().contains(endpointName)) {
            throw new EndpointNotFoundException(endpointName);
        }
        checkImageType(contentType);
        byte[] image = readBody(request);
        faults.maybeFail();
        OcrResult result = model.read(image);
        return ResponseEntity.ok()
                .contentType(MediaType.APPLICATION_JSON)
                .header(INVOKED_VARIANT_HEADER, "AllTraffic")
                .body(result);
    }

    private static void checkImageType(String contentType) {
        String type = contentType == null ? "" : contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        if (!IMAGE_TYPES.contains(type)) {
            throw new UnreadableImageException(415, "Content type '" + contentType
                    + "' is not supported; send image/png, image/jpeg, image/tiff or application/x-image.");
        }
    }

    /** Reads at most one byte more than the limit, so an oversized body is refused without buffering it. */
    private byte[] readBody(HttpServletRequest request) throws IOException {
        long limit = properties.maxBodySize().toBytes();
        if (request.getContentLengthLong() > limit) {
            throw bodyTooLarge(request.getContentLengthLong() + " bytes", limit);
        }
        try (InputStream in = request.getInputStream()) {
            byte[] body = in.readNBytes(Math.toIntExact(limit + 1));
            if (body.length > limit) {
                throw bodyTooLarge("more than " + limit + " bytes", limit);
            }
            if (body.length == 0) {
                throw new UnreadableImageException(400, "The request body is empty.");
            }
            return body;
        }
    }

    private static PayloadTooLargeException bodyTooLarge(String size, long limit) {
        return new PayloadTooLargeException("The request body is " + size + "; at most " + limit
                + " bytes are accepted.");
    }
}
