package dev.docpipe.contracts;

import java.util.List;
import java.util.regex.Pattern;

/**
 * A batch's own feature rules, replacing those configured for its model where set: which words
 * an OCR page counts as features, which detected classes count and from which score. Reports
 * count pages and documents with and without each feature.
 *
 * @param keywords OCR: words or phrases whose presence is a feature (matched case-insensitively on
 *     word boundaries)
 * @param classes  detection: the labels that count
 * @param minScore detection: the lowest score a detection needs to count (0-1)
 */
public record FeatureOptions(List<String> keywords, List<String> classes, Double minScore) {

    public static final int MAX_RULES = 50;

    /** Feature names end up as JSON keys and report columns: plain words and phrases only. */
    private static final Pattern NAME = Pattern.compile("[\\p{L}\\p{N}][\\p{L}\\p{N} _.-]{0,63}");

    public FeatureOptions {
        keywords = checked("keywords", keywords);
        classes = checked("classes", classes);
        if (minScore != null && (minScore.isNaN() || minScore < 0 || minScore > 1)) {
            throw new IllegalArgumentException("minScore must be between 0 and 1, was " + minScore);
        }
    }

    private static List<String> checked(String field, List<String> names) {
        if (names == null) {
            return null;
        }
        if (names.size() > MAX_RULES) {
            throw new IllegalArgumentException("at most %d %s, got %d".formatted(MAX_RULES, field, names.size()));
        }
        for (String name : names) {
            if (name == null || !NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("%s must be words of letters, digits, spaces, '_', '.' or '-' (at most 64)".formatted(field));
            }
        }
        return List.copyOf(names);
    }
}
