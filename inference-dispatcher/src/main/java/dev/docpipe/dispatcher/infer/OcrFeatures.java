package dev.docpipe.dispatcher.infer;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Extracts the features reports use from an OCR model's output: whether text was found, how many
 * lines and words, and the mean word confidence.
 */
final class OcrFeatures {

    private OcrFeatures() {}

    static String extract(JsonMapper json, String rawOutput) {
        JsonNode root = json.readTree(rawOutput);
        int lines = 0;
        int words = 0;
        double confidenceSum = 0;
        for (JsonNode line : root.path("lines")) {
            lines++;
            for (JsonNode word : line.path("words")) {
                words++;
                confidenceSum += word.path("confidence").asDouble(0);
            }
        }
        ObjectNode features = json.createObjectNode();
        features.put("hasText", words > 0);
        features.put("lineCount", lines);
        features.put("wordCount", words);
        features.put("meanWordConfidence", words == 0 ? 0 : Math.round(confidenceSum / words * 10) / 10.0);
        features.put("characterCount", root.path("text").asString("").strip().length());
        return json.writeValueAsString(features);
    }
}
