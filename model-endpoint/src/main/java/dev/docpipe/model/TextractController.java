package dev.docpipe.model;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Amazon Textract's text detection over the AWS JSON 1.1 protocol, as the SDK's
 * {@code TextractClient} sends it: {@code POST /} with {@code X-Amz-Target: Textract.<Operation>}
 * and a JSON body of content type {@code application/x-amz-json-1.1}. {@code DetectDocumentText}
 * answers at once; {@code StartDocumentTextDetection} and {@code GetDocumentTextDetection} run
 * the same recognition as a job ({@link TextractJobs}). Answered with the same Tesseract OCR as
 * the SageMaker endpoint, in Textract's block shape.
 */
@RestController
class TextractController {

    static final String AMZ_JSON = "application/x-amz-json-1.1";
    static final String TARGET_PREFIX = "Textract.";

    private static final Pattern TOKEN = Pattern.compile("[a-zA-Z0-9_-]{1,64}");
    private static final Pattern JOB_TAG = Pattern.compile("[a-zA-Z0-9_.:-]{1,64}");
    private static final Pattern SNS_TOPIC_ARN = Pattern.compile("arn:aws(-[a-z]+)*:sns:[a-z0-9-]*:[0-9]{0,12}:[a-zA-Z0-9_-]{1,256}");

    private final OcrModel model;
    private final DocumentSource documents;
    private final TextractJobs jobs;
    private final JsonMapper json;
    private final long maxBodyBytes;

    TextractController(OcrModel model, DocumentSource documents, TextractJobs jobs, JsonMapper json, ModelEndpointProperties properties) {
        this.model = model;
        this.documents = documents;
        this.jobs = jobs;
        this.json = json;
        // Base64 makes inline bytes a third larger than the image they carry.
        this.maxBodyBytes = properties.maxBodySize().toBytes() * 4 / 3 + 4096;
    }

    @PostMapping(path = "/", headers = "X-Amz-Target")
    ResponseEntity<String> operation(@RequestHeader("X-Amz-Target") String target, HttpServletRequest request) throws IOException {
        JsonNode body = readBody(request);
        Object answer = switch (target) {
            case TARGET_PREFIX + "DetectDocumentText" -> detectDocumentText(body);
            case TARGET_PREFIX + "StartDocumentTextDetection" -> startDocumentTextDetection(body);
            case TARGET_PREFIX + "GetDocumentTextDetection" -> getDocumentTextDetection(body);
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

    private Map<String, Object> startDocumentTextDetection(JsonNode request) {
        JsonNode object = request.path("DocumentLocation").path("S3Object");
        if (!object.isObject() || object.path("Bucket").asString("").isBlank() || object.path("Name").asString("").isBlank()) {
            throw TextractException.invalidParameter("DocumentLocation.S3Object with Bucket and Name is required.");
        }
        var location = new TextractJobs.Location(object.path("Bucket").asString(), object.path("Name").asString(),
                object.path("Version").asString(null));
        String token = matching(request, "ClientRequestToken", TOKEN);
        String tag = matching(request, "JobTag", JOB_TAG);
        TextractJobs.Channel channel = null;
        JsonNode notification = request.path("NotificationChannel");
        if (!notification.isMissingNode()) {
            String topic = notification.path("SNSTopicArn").asString("");
            if (!SNS_TOPIC_ARN.matcher(topic).matches() || notification.path("RoleArn").asString("").isBlank()) {
                throw TextractException.invalidParameter("NotificationChannel needs a valid SNSTopicArn and a RoleArn.");
            }
            channel = new TextractJobs.Channel(topic, notification.path("RoleArn").asString());
        }
        TextractJobs.Output output = null;
        JsonNode outputConfig = request.path("OutputConfig");
        if (!outputConfig.isMissingNode()) {
            if (outputConfig.path("S3Bucket").asString("").isBlank()) {
                throw TextractException.invalidParameter("OutputConfig.S3Bucket is required.");
            }
            output = new TextractJobs.Output(outputConfig.path("S3Bucket").asString(), outputConfig.path("S3Prefix").asString(null));
        }
        return Map.of("JobId", jobs.start(location, token, tag, channel, output));
    }

    private Map<String, Object> getDocumentTextDetection(JsonNode request) {
        String jobId = request.path("JobId").asString("");
        if (jobId.isBlank()) {
            throw TextractException.invalidParameter("JobId is required.");
        }
        int maxResults = request.path("MaxResults").asInt(TextractJobs.MAX_RESULTS);
        if (maxResults < 1) {
            throw TextractException.invalidParameter("MaxResults must be at least 1.");
        }
        return jobs.page(jobId, maxResults, request.path("NextToken").asString(null));
    }

    /** An optional string field, which must match its pattern when present. */
    private static String matching(JsonNode request, String field, Pattern pattern) {
        JsonNode value = request.path(field);
        if (value.isMissingNode() || value.isNull()) {
            return null;
        }
        if (!pattern.matcher(value.asString("")).matches()) {
            throw TextractException.invalidParameter(field + " does not match " + pattern.pattern() + ".");
        }
        return value.asString();
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
