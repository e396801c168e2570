package dev.docpipe.dispatcher.textract;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.textract.model.Block;
import software.amazon.awssdk.services.textract.model.DocumentMetadata;
import software.amazon.awssdk.services.textract.model.Geometry;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes a Textract answer back in Textract's JSON field names: the SDK parses the wire JSON into
 * its model and keeps no copy, and the result column keeps the model's output in its own shape so
 * that anything written for Textract's JSON reads it.
 */
final class TextractJson {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private TextractJson() {}

    /** A whole answer: a synchronous one, or every page of an asynchronous job's results joined. */
    static String of(DocumentMetadata metadata, List<Block> blocks, String modelVersion) {
        Map<String, Object> root = new LinkedHashMap<>();
        if (metadata != null) {
            root.put("DocumentMetadata", Map.of("Pages", metadata.pages()));
        }
        root.put("Blocks", blocks.stream().map(TextractJson::block).toList());
        root.put("DetectDocumentTextModelVersion", modelVersion);
        return JSON.writeValueAsString(root);
    }

    private static Map<String, Object> block(Block block) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("BlockType", block.blockTypeAsString());
        putIfPresent(out, "Confidence", block.confidence());
        putIfPresent(out, "Text", block.text());
        putIfPresent(out, "TextType", block.textTypeAsString());
        putIfPresent(out, "Geometry", geometry(block.geometry()));
        out.put("Id", block.id());
        if (block.hasRelationships()) {
            out.put("Relationships", block.relationships().stream()
                    .map(r -> Map.of("Type", r.typeAsString(), "Ids", r.ids()))
                    .toList());
        }
        putIfPresent(out, "Page", block.page());
        return out;
    }

    private static Map<String, Object> geometry(Geometry geometry) {
        if (geometry == null || geometry.boundingBox() == null) {
            return null;
        }
        var box = geometry.boundingBox();
        List<Map<String, Float>> polygon = geometry.polygon().stream().map(p -> Map.of("X", p.x(), "Y", p.y())).toList();
        return Map.of(
                "BoundingBox", Map.of("Width", box.width(), "Height", box.height(), "Left", box.left(), "Top", box.top()),
                "Polygon", polygon);
    }

    private static void putIfPresent(Map<String, Object> out, String key, Object value) {
        if (value != null) {
            out.put(key, value);
        }
    }
}
