package dev.docpipe.model;

import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/** The model behind the endpoint: an image in, its text with positions and confidences out. */
@Service
class OcrModel {

    private static final Logger log = LoggerFactory.getLogger(OcrModel.class);

    private final TesseractPool engines;
    private final PageImageDecoder decoder;

    OcrModel(TesseractPool engines, PageImageDecoder decoder) {
        this.engines = engines;
        this.decoder = decoder;
    }

    /**
     * Reads the text of one page image.
     *
     * @throws OcrSlotsBusyException     if every engine stayed busy for the whole slot wait
     * @throws UnreadableImageException  if the bytes are not a readable image
     * @throws PayloadTooLargeException  if the image has more pixels per side than allowed
     */
    OcrResult read(byte[] image) {
        // Decoding happens inside the slot so that at most one decoded page per engine sits in memory.
        return engines.withEngine(engine -> {
            GrayPage page = decoder.decode(image);
            long start = System.nanoTime();
            OcrResult result = PageRecogniser.recognise(engine, page, engines.engineVersion(), engines.language());
            log.debug("OCR of a {}x{} page at {} dpi took {} ms: {} lines, mean confidence {}",
                    page.width(), page.height(), page.dpi(),
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start),
                    result.lines().size(), result.meanConfidence());
            return result;
        });
    }
}
