package dev.docpipe.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The local OCR result in Textract's shape: a PAGE block whose CHILD relationships name its LINE
 * blocks, each LINE naming its WORD blocks; geometry as ratios of the page's width and height,
 * with the box's four corners as the polygon; confidences from 0 to 100.
 */
final class TextractBlocks {

    private TextractBlocks() {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Block(
            @JsonProperty("BlockType") String blockType,
            @JsonProperty("Confidence") Float confidence,
            @JsonProperty("Text") String text,
            @JsonProperty("TextType") String textType,
            @JsonProperty("Geometry") Geometry geometry,
            @JsonProperty("Id") String id,
            @JsonProperty("Relationships") List<Relationship> relationships,
            @JsonProperty("Page") Integer page) {}

    record Geometry(@JsonProperty("BoundingBox") BoundingBox boundingBox, @JsonProperty("Polygon") List<Point> polygon) {}

    record BoundingBox(@JsonProperty("Width") float width, @JsonProperty("Height") float height,
            @JsonProperty("Left") float left, @JsonProperty("Top") float top) {}

    record Point(@JsonProperty("X") float x, @JsonProperty("Y") float y) {}

    record Relationship(@JsonProperty("Type") String type, @JsonProperty("Ids") List<String> ids) {}

    /** The blocks of one page, PAGE first, then each LINE followed by its WORDs, as Textract orders them. */
    static List<Block> of(OcrResult result, int pageNumber) {
        List<Block> lines = new ArrayList<>();
        List<String> lineIds = new ArrayList<>();
        for (OcrResult.Line line : result.lines()) {
            List<Block> words = new ArrayList<>();
            for (OcrResult.Word word : line.words()) {
                words.add(new Block("WORD", word.confidence(), word.text(), "PRINTED", geometry(word.bbox(), result),
                        UUID.randomUUID().toString(), null, pageNumber));
            }
            String lineId = UUID.randomUUID().toString();
            lineIds.add(lineId);
            lines.add(new Block("LINE", line.confidence(), line.text(), null, geometry(line.bbox(), result), lineId,
                    List.of(new Relationship("CHILD", words.stream().map(Block::id).toList())), pageNumber));
            lines.addAll(words);
        }
        List<Block> blocks = new ArrayList<>();
        blocks.add(new Block("PAGE", null, null, null, geometry(new OcrResult.Box(0, 0, result.width(), result.height()), result),
                UUID.randomUUID().toString(), lineIds.isEmpty() ? null : List.of(new Relationship("CHILD", lineIds)), pageNumber));
        blocks.addAll(lines);
        return blocks;
    }

    private static Geometry geometry(OcrResult.Box box, OcrResult page) {
        float w = (float) page.width();
        float h = (float) page.height();
        float left = box.left() / w;
        float top = box.top() / h;
        float right = (box.left() + box.width()) / w;
        float bottom = (box.top() + box.height()) / h;
        return new Geometry(new BoundingBox(right - left, bottom - top, left, top),
                List.of(new Point(left, top), new Point(right, top), new Point(right, bottom), new Point(left, bottom)));
    }
}
