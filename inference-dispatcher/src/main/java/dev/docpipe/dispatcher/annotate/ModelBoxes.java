package dev.docpipe.dispatcher.annotate;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import tools.jackson.databind.JsonNode;

/**
 * The boxes in a model's output, in the page image's pixels, for the output shapes docpipe
 * stores: Textract's blocks (WORD boxes, as ratios of the page), the local OCR model's lines and
 * words (pixels of the image it was given, scaled if its size differs), and object detections
 * (a Hugging Face pipeline's {@code [{"label","score","box":{"xmin","ymin","xmax","ymax"}}]},
 * bare or under {@code predictions} or {@code detections}). Anything else has no boxes.
 */
final class ModelBoxes {

    private ModelBoxes() {}

    static List<Box> of(JsonNode output, int width, int height) {
        if (output.has("Blocks")) {
            return textract(output.path("Blocks"), width, height);
        }
        if (output.has("lines")) {
            return ocr(output, width, height);
        }
        JsonNode detections = output.isArray() ? output : output.has("predictions") ? output.path("predictions") : output.path("detections");
        return detections(detections);
    }

    private static List<Box> textract(JsonNode blocks, int width, int height) {
        List<Box> boxes = new ArrayList<>();
        for (JsonNode block : blocks) {
            JsonNode box = block.path("Geometry").path("BoundingBox");
            if ("WORD".equals(block.path("BlockType").asString("")) && box.isObject()) {
                boxes.add(new Box(block.path("Text").asString(""),
                        (int) Math.round(box.path("Left").asDouble() * width), (int) Math.round(box.path("Top").asDouble() * height),
                        (int) Math.round(box.path("Width").asDouble() * width), (int) Math.round(box.path("Height").asDouble() * height)));
            }
        }
        return boxes;
    }

    private static List<Box> ocr(JsonNode result, int width, int height) {
        double sx = result.path("width").asInt(width) > 0 ? (double) width / result.path("width").asInt(width) : 1;
        double sy = result.path("height").asInt(height) > 0 ? (double) height / result.path("height").asInt(height) : 1;
        List<Box> boxes = new ArrayList<>();
        for (JsonNode line : result.path("lines")) {
            for (JsonNode word : line.path("words")) {
                JsonNode b = word.path("bbox");
                boxes.add(new Box(word.path("text").asString(""),
                        (int) Math.round(b.path("left").asInt() * sx), (int) Math.round(b.path("top").asInt() * sy),
                        (int) Math.round(b.path("width").asInt() * sx), (int) Math.round(b.path("height").asInt() * sy)));
            }
        }
        return boxes;
    }

    private static List<Box> detections(JsonNode detections) {
        List<Box> boxes = new ArrayList<>();
        for (JsonNode detection : detections) {
            JsonNode b = detection.path("box");
            if (!b.isObject()) {
                continue;
            }
            int left = b.path("xmin").asInt();
            int top = b.path("ymin").asInt();
            String label = String.format(Locale.ROOT, "%s %.2f", detection.path("label").asString("?"), detection.path("score").asDouble());
            boxes.add(new Box(label, left, top, b.path("xmax").asInt() - left, b.path("ymax").asInt() - top));
        }
        return boxes;
    }
}
