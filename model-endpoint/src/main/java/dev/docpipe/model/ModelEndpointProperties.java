package dev.docpipe.model;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * How the model endpoint behaves.
 *
 * @param endpointNames    endpoint names this server answers to; any other name is "not found", as on AWS
 * @param poolSize         number of Tesseract engines, hence of pages recognised at once; defaults to the
 *                         number of available processors because OCR is CPU bound
 * @param maxBodySize      largest request body accepted
 * @param maxPixelsPerSide largest image width or height accepted, checked before the image is decoded
 * @param slotWait         how long a request waits for a free engine before it is throttled
 * @param language         Tesseract language; {@code tessdata/<language>.traineddata} must be on the classpath
 * @param defaultDpi       resolution assumed when the image does not declare one
 */
@Validated
@ConfigurationProperties("docpipe.model")
record ModelEndpointProperties(
        @DefaultValue("docpipe-ocr") @NotEmpty List<String> endpointNames,
        @Positive Integer poolSize,
        @DefaultValue("20MB") @NotNull DataSize maxBodySize,
        @DefaultValue("10000") @Positive int maxPixelsPerSide,
        @DefaultValue("5s") @NotNull Duration slotWait,
        @DefaultValue("eng") @NotBlank String language,
        @DefaultValue("150") @Positive int defaultDpi) {

    ModelEndpointProperties {
        if (poolSize == null) {
            poolSize = Runtime.getRuntime().availableProcessors();
        }
    }
}
