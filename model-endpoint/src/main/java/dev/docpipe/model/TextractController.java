package dev.docpipe.model;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Amazon Textract's {@code DetectDocumentText} over the AWS JSON 1.1 protocol, as the SDK's
 * {@code TextractClient} sends it: {@code POST /} with {@code X-Amz-Target: Textract.<Operation>}
 * and a JSON body of content type {@code application/x-amz-json-1.1}. Answered with the same
 * Tesseract OCR as the SageMaker endpoint, in Textract's block shape.
 */
@RestController
class TextractController {

    static final String AMZ_JSON = "application/x-amz-json-1.1";
    static final String TARGET_PREFIX = "Textract.";

    private final OcrModel model;
    private final DocumentSource documents;
    private final JsonMapper json;
    private final long maxBodyBytes;

    TextractController(OcrModel model, DocumentSource documents, JsonMapper json, ModelEndpointProperties properties) {
        this.model = model;
        this.documents = documents;
        this.json = json;
        // Base64 makes inline bytes a third larger than the image they carry.
        this.maxBodyBytes = properties.maxBodySize().toBytes() * 4 / 3 + 4096;
    }

    @PostMapping(path = "/", headers = "X-Amz-Target")
    ResponseEntity<String> operation(@RequestHeader("X-Amz-Target") String target, HttpServletRequest request) throws IOException {
        JsonNode body = readBody(request);
        Object answer = switch (target) {
            case TARGET_PREFIX + "DetectDocumentText" -> detectDocumentText(body);
            default -> throw new TextractException("UnknownOperationException", 400, "Operation " + target + " is not supported.");
        };
        return ResponseEntity.ok().header("Content-Type", AMZ_JSON).body(json.writeValueAsString(answer));
    }

    private Map<String, Object> detectDocumentText(JsonNode request) {
        if (!request.path("Document").isObject()) {
            throw TextractException.invalidParameter("Document is required.");
        }
        OcrResult result = model.read(documents.bytesOf(request.path("Document")));
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("DocumentMetadata", Map.of("Pages", 1));
        answer.put("Blocks", TextractBlocks.of(result, 1));
        answer.put("DetectDocumentTextModelVersion", "docpipe-tesseract-" + result.engineVersion());
        return answer;
    }

    private JsonNode readBody(HttpServletRequest request) throws IOException {
        try (InputStream in = request.getInputStream()) {
            byte[] body = in.readNBytes(Math.toIntExact(maxBodyBytes + 1));
            if (body.length > maxBodyBytes) {
                throw new PayloadTooLargeException("The request is larger than " + maxBodyBytes + " bytes.");
            }
            JsonNode node = json.readTree(body);
            if (node == null || !node.isObject()) {
                throw new TextractException("SerializationException", 400, "The request body must be a JSON object.");
            }
            return node;
        } catch (JacksonException e) {
            throw new TextractException("SerializationException", 400, "The request body is not valid JSON.");
        }
    }
}
