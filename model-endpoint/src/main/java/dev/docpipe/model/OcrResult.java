package dev.docpipe.model;

import java.util.List;

/**
 * What the endpoint answers for one page image, as JSON ({@code Content-Type: application/json}):
 *
 * <pre>{@code
 * {"model":"tesseract","engineVersion":"5.5.3","language":"eng","width":1240,"height":1754,
 *  "text":"full text, lines separated by \n","meanConfidence":91.0,
 *  "lines":[{"text":"Invoice 2026","confidence":93.1,"bbox":{"left":80,"top":60,"width":420,"height":38},
 *            "words":[{"text":"Invoice","confidence":95.2,"bbox":{"left":80,"top":60,"width":230,"height":38}}]}]}
 * }</pre>
 *
 * Coordinates are pixels of the submitted image, origin top left. Confidences run from 0 to 100.
 * A page without text has an empty {@code text}, no lines and a mean confidence of 0.
 *
 * @param model          always {@code tesseract}
 * @param engineVersion  the Tesseract library version that produced the result
 * @param language       the Tesseract language model used
 * @param width          image width in pixels
 * @param height         image height in pixels
 * @param text           the page's text in reading order, as Tesseract lays it out
 * @param meanConfidence Tesseract's mean word confidence for the page
 * @param lines          text lines in reading order
 */
record OcrResult(
        String model,
        String engineVersion,
        String language,
        int width,
        int height,
        String text,
        float meanConfidence,
        List<Line> lines) {

    /** One text line and its words. */
    record Line(String text, float confidence, Box bbox, List<Word> words) {}

    /** One recognised word. */
    record Word(String text, float confidence, Box bbox) {}

    /** An axis-aligned box in image pixels. */
    record Box(int left, int top, int width, int height) {}
}
