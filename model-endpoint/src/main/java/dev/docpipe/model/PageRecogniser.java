package dev.docpipe.model;

import static org.bytedeco.tesseract.global.tesseract.RIL_TEXTLINE;
import static org.bytedeco.tesseract.global.tesseract.RIL_WORD;
import static org.bytedeco.tesseract.global.tesseract.TessDeleteText;
import static org.bytedeco.tesseract.global.tesseract.TessResultIteratorDelete;

import dev.docpipe.model.OcrResult.Box;
import dev.docpipe.model.OcrResult.Line;
import dev.docpipe.model.OcrResult.Word;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.tesseract.ResultIterator;
import org.bytedeco.tesseract.TessBaseAPI;

/**
 * Runs one Tesseract engine over one page and collects lines and words with their confidences and
 * boxes. Strings and iterators Tesseract hands out are allocated natively and freed here explicitly,
 * because JavaCPP does not own them and a leak per page adds up over a long run.
 */
final class PageRecogniser {

    private PageRecogniser() {}

    static OcrResult recognise(TessBaseAPI engine, GrayPage page, String engineVersion, String language) {
        try (BytePointer pixels = new BytePointer(page.pixels())) {
            engine.SetImage(pixels, page.width(), page.height(), 1, page.width());
            engine.SetSourceResolution(page.dpi());
            if (engine.Recognize(null) != 0) {
                throw new UnreadableImageException(500, "Tesseract could not recognise the page.");
            }
            String text = takeText(engine.GetUTF8Text());
            List<Line> lines = lines(engine);
            return new OcrResult("tesseract", engineVersion, language, page.width(), page.height(),
                    text.strip(), lines.isEmpty() ? 0 : engine.MeanTextConf(), lines);
        } finally {
            // Drops the page and its results but keeps the loaded model for the next request.
            engine.Clear();
        }
    }

    private static List<Line> lines(TessBaseAPI engine) {
        ResultIterator words = engine.GetIterator();
        if (words == null || words.isNull()) {
            return List.of();
        }
        try {
            List<Line> lines = new ArrayList<>();
            if (words.Empty(RIL_WORD)) {
                return lines;
            }
            // A line's words are known only when the next line starts, so its header waits until then.
            Line line = null;
            List<Word> lineWords = new ArrayList<>();
            do {
                if (line == null || words.IsAtBeginningOf(RIL_TEXTLINE)) {
                    addLine(lines, line, lineWords);
                    line = new Line(takeText(words.GetUTF8Text(RIL_TEXTLINE)).strip(),
                            words.Confidence(RIL_TEXTLINE), box(words, RIL_TEXTLINE), List.of());
                    lineWords = new ArrayList<>();
                }
                String word = takeText(words.GetUTF8Text(RIL_WORD));
                if (!word.isBlank()) {
                    lineWords.add(new Word(word, words.Confidence(RIL_WORD), box(words, RIL_WORD)));
                }
            } while (words.Next(RIL_WORD));
            addLine(lines, line, lineWords);
            return lines;
        } finally {
            TessResultIteratorDelete(words);
        }
    }

    private static void addLine(List<Line> lines, Line line, List<Word> words) {
        if (line != null && !words.isEmpty()) {
            lines.add(new Line(line.text(), line.confidence(), line.bbox(), List.copyOf(words)));
        }
    }

    private static Box box(ResultIterator iterator, int level) {
        int[] left = new int[1];
        int[] top = new int[1];
        int[] right = new int[1];
        int[] bottom = new int[1];
        iterator.BoundingBox(level, left, top, right, bottom);
        return new Box(left[0], top[0], right[0] - left[0], bottom[0] - top[0]);
    }

    /** Copies a string Tesseract allocated and frees the original. */
    private static String takeText(BytePointer text) {
        if (text == null || text.isNull()) {
            return "";
        }
        try {
            return text.getString(StandardCharsets.UTF_8);
        } finally {
            TessDeleteText(text);
        }
    }
}
