package dev.docpipe.dispatcher.features;

import dev.docpipe.contracts.FeatureOptions;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns a model's raw output into the features reports count, by the model's rule. Features are
 * a flat JSON object so a report can ask {@code features -> 'keywords' ->> 'invoice'} or
 * {@code features -> 'classes' ->> 'car'} without knowing the model's output format.
 */
@Component
public class FeatureExtractor {

    private final FeatureProperties properties;
    private final JsonMapper json;

    FeatureExtractor(FeatureProperties properties, JsonMapper json) {
        this.properties = properties;
        this.json = json;
    }

    /** The features of one page's output, as a JSON object. */
    public String extract(String model, String rawOutput) {
        return extract(model, null, rawOutput);
    }

    /**
     * The features of one page's output by the model's rule, with the batch's own keywords,
     * classes and minimum score where it set them (its options' {@code features}, as JSON).
     */
    public String extract(String model, @Nullable String batchRules, String rawOutput) {
        FeatureProperties.Rule rule = properties.ruleOf(model);
        if (batchRules != null && !batchRules.isBlank() && !"null".equals(batchRules)) {
            rule = rule.with(json.readValue(batchRules, FeatureOptions.class));
        }
        var root = json.readTree(rawOutput);
        var features = switch (rule.kind()) {
            case OCR -> OcrFeatures.of(root, rule.keywords(), json);
            case DETECTION -> DetectionFeatures.of(root, rule.classes(), rule.minScore(), json);
        };
        return json.writeValueAsString(features);
    }
}
