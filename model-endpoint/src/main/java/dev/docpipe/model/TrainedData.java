package dev.docpipe.model;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.core.io.ClassPathResource;

/**
 * A Tesseract {@code tessdata} directory holding one language model. Tesseract only reads models
 * from a directory on disk, while ours ships inside a jar (tess4j's), so it is copied out once.
 */
record TrainedData(Path directory) implements AutoCloseable {

    static TrainedData extract(String language) {
        ClassPathResource model = new ClassPathResource("tessdata/" + language + ".traineddata");
        if (!model.exists()) {
            throw new IllegalStateException("No Tesseract model for language '" + language
                    + "' on the classpath (expected " + model.getPath() + ")");
        }
        try (InputStream in = model.getInputStream()) {
            Path directory = Files.createTempDirectory("docpipe-tessdata-");
            Files.copy(in, directory.resolve(language + ".traineddata"));
            return new TrainedData(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not extract the Tesseract model for " + language, e);
        }
    }

    /** Tesseract wants the path with a trailing separator. */
    String path() {
        return directory + "/";
    }

    @Override
    public void close() {
        try (var files = Files.list(directory)) {
            for (Path file : files.toList()) {
                Files.deleteIfExists(file);
            }
            Files.deleteIfExists(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not delete " + directory, e);
        }
    }
}
