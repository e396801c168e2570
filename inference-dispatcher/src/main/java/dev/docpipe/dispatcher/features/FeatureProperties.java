package dev.docpipe.dispatcher.features;

import dev.docpipe.contracts.FeatureOptions;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotNull;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Which features reports get from each model's output, by model name:
 *
 * <pre>
 * docpipe.features.models:
 *   docpipe-ocr:   {kind: ocr, keywords: [invoice, total]}
 *   traffic-detr:  {kind: detection, classes: [car, truck, bus, person, bicycle, motorcycle], min-score: 0.5}
 * </pre>
 *
 * A model without an entry is read as OCR without keywords.
 */
@Validated
@ConfigurationProperties("docpipe.features")
record FeatureProperties(Map<String, @Valid Rule> models) {

    FeatureProperties {
        models = models == null ? Map.of() : Map.copyOf(models);
    }

    Rule ruleOf(String model) {
        return models.getOrDefault(model, Rule.OCR);
    }

    enum Kind {
        OCR,
        DETECTION
    }

    /**
     * @param kind     how to read the model's output
     * @param keywords OCR: words or phrases whose presence is a feature, matched case-insensitively
     *     on word boundaries
     * @param classes  detection: the labels that count; every other detection is ignored
     * @param minScore detection: the lowest score a detection needs to count
     */
    record Rule(
            @DefaultValue("OCR") @NotNull Kind kind,
            @DefaultValue List<String> keywords,
            @DefaultValue List<String> classes,
            @DefaultValue("0.5") @DecimalMin("0") @DecimalMax("1") double minScore) {

        static final Rule OCR = new Rule(Kind.OCR, List.of(), List.of(), 0.5);

        /** This rule with a batch's own choices where it made them; the kind stays the model's. */
        Rule with(FeatureOptions batch) {
            return new Rule(kind,
                    batch.keywords() != null ? batch.keywords() : keywords,
                    batch.classes() != null ? batch.classes() : classes,
                    batch.minScore() != null ? batch.minScore() : minScore);
        }
    }
}
