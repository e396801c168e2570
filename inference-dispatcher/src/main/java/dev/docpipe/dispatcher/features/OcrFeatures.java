package dev.docpipe.dispatcher.features;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * OCR features: whether text was found, line and word counts, mean word confidence, and which of
 * the configured keywords occur. Reads both output shapes docpipe meets: the local model's
 * ({@code lines[].words[]}) and Textract's ({@code Blocks} of type LINE and WORD).
 */
final class OcrFeatures {

    private OcrFeatures() {}

    static ObjectNode of(JsonNode root, List<String> keywords, JsonMapper json) {
        List<String> lines = new ArrayList<>();
        int words = 0;
        double confidenceSum = 0;
        if (root.has("Blocks")) {
            for (JsonNode block : root.path("Blocks")) {
                switch (block.path("BlockType").asString("")) {
                    case "LINE" -> lines.add(block.path("Text").asString(""));
                    case "WORD" -> {
                        words++;
                        confidenceSum += block.path("Confidence").asDouble(0);
                    }
                    default -> { }
                }
            }
        } else {
            for (JsonNode line : root.path("lines")) {
                lines.add(line.path("text").asString(""));
                for (JsonNode word : line.path("words")) {
                    words++;
                    confidenceSum += word.path("confidence").asDouble(0);
                }
            }
        }
        String text = String.join("\n", lines).toLowerCase(Locale.ROOT);
        ObjectNode features = json.createObjectNode();
        features.put("hasText", words > 0);
        features.put("lineCount", lines.size());
        features.put("wordCount", words);
        features.put("meanWordConfidence", words == 0 ? 0 : Math.round(confidenceSum / words * 10) / 10.0);
        features.put("characterCount", text.strip().length());
        ObjectNode found = features.putObject("keywords");
        for (String keyword : keywords) {
            found.put(keyword, contains(text, keyword));
        }
        return features;
    }

    /** On word boundaries, so "total" is not found in "subtotals". */
    private static boolean contains(String text, String keyword) {
        String phrase = Pattern.quote(keyword.toLowerCase(Locale.ROOT).strip());
        return Pattern.compile("(?<![\\p{L}\\p{N}])" + phrase + "(?![\\p{L}\\p{N}])").matcher(text).find();
    }
}
