package dev.docpipe.dispatcher.annotate;

import dev.docpipe.contracts.ObjectKeys;
import dev.docpipe.contracts.PageRef;
import dev.docpipe.core.storage.ObjectStore;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import javax.imageio.ImageIO;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * The annotated copy of a page (seed 002): for a result with boxes, the page image with every
 * box and its label drawn, stored under its deterministic key in the work bucket, so a
 * redelivered page overwrites the same object. A result without boxes gets none.
 */
@Component
public class Annotations {

    private static final Logger log = LoggerFactory.getLogger(Annotations.class);

    private final ObjectStore store;
    private final JsonMapper json;

    Annotations(ObjectStore store, JsonMapper json) {
        this.store = store;
        this.json = json;
    }

    /** @return the annotated image's key, or empty when the output has no boxes */
    public Optional<String> annotate(PageRef page, String rawOutput) {
        byte[] png = store.read(page.bucket(), page.key());
        BufferedImage image;
        try {
            image = ImageIO.read(new ByteArrayInputStream(png));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (image == null) {
            log.warn("Page image {} is not a readable image; not annotated", page.key());
            return Optional.empty();
        }
        List<Box> boxes = ModelBoxes.of(json.readTree(rawOutput), image.getWidth(), image.getHeight());
        if (boxes.isEmpty()) {
            return Optional.empty();
        }
        String key = ObjectKeys.annotatedPage(page.documentId(), page.pageNumber());
        upload(key, PageAnnotator.draw(image, boxes));
        return Optional.of(key);
    }

    private void upload(String key, BufferedImage annotated) {
        Path file = store.createTempFile();
        try {
            ImageIO.write(annotated, "png", file.toFile());
            store.upload(store.workBucket(), key, file, "image/png");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                log.warn("Could not delete temporary file {}", file, e);
            }
        }
    }
}
