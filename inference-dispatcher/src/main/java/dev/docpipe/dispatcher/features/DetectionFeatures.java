package dev.docpipe.dispatcher.features;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Object detection features: detections of the configured classes at or above the minimum score,
 * counted per class; everything else the model found is ignored (seed 002 kept cars, trucks,
 * buses, people, bikes and motorcycles of everything its model detects). Reads a Hugging Face
 * object-detection pipeline's output ({@code [{"label","score","box"}]}), bare or under
 * {@code predictions} or {@code detections}.
 */
final class DetectionFeatures {

    private DetectionFeatures() {}

    static ObjectNode of(JsonNode root, List<String> classes, double minScore, JsonMapper json) {
        JsonNode detections = root.isArray() ? root : root.has("predictions") ? root.path("predictions") : root.path("detections");
        Map<String, Integer> counts = new LinkedHashMap<>();
        classes.forEach(c -> counts.put(c.toLowerCase(Locale.ROOT), 0));
        int kept = 0;
        for (JsonNode detection : detections) {
            String label = detection.path("label").asString("").toLowerCase(Locale.ROOT);
            if (counts.containsKey(label) && detection.path("score").asDouble(0) >= minScore) {
                counts.merge(label, 1, Integer::sum);
                kept++;
            }
        }
        ObjectNode features = json.createObjectNode();
        features.put("hasDetections", kept > 0);
        features.put("detectionCount", kept);
        ObjectNode perClass = features.putObject("classes");
        counts.forEach(perClass::put);
        return features;
    }
}
