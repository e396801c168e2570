package dev.docpipe.ingestion.batch;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A batch's file-name pattern: a regular expression with named groups, matched against the whole
 * file name (the key after its last {@code /}); each group becomes a metadata dimension of the
 * document, such as {@code (?<city>[^_]+)}. A file name that does not match gets no metadata.
 *
 * <p>The pattern comes from a request, so matching is bounded: a pattern that backtracks
 * catastrophically on some name is stopped after {@link #STEP_BUDGET} character reads and that
 * name simply gets no metadata.
 */
public final class FileNameMetadata {

    public static final int MAX_PATTERN_LENGTH = 500;
    public static final int MAX_DIMENSIONS = 20;
    static final long STEP_BUDGET = 1_000_000;
    private static final Pattern GROUP_NAME = Pattern.compile("[a-zA-Z][a-zA-Z0-9]{0,31}");

    private final Pattern pattern;
    private final List<String> dimensions;

    private FileNameMetadata(Pattern pattern, List<String> dimensions) {
        this.pattern = pattern;
        this.dimensions = dimensions;
    }

    /** @throws IllegalArgumentException saying what is wrong with the pattern */
    public static FileNameMetadata compile(String regex) {
        if (regex.length() > MAX_PATTERN_LENGTH) {
            throw new IllegalArgumentException("the file-name pattern is at most %d characters".formatted(MAX_PATTERN_LENGTH));
        }
        Pattern pattern;
        try {
            pattern = Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("the file-name pattern is not a valid regular expression: " + e.getDescription()
                    + " near index " + e.getIndex());
        }
        List<String> dimensions = pattern.namedGroups().entrySet().stream()
                .sorted(Map.Entry.comparingByValue())
                .map(Map.Entry::getKey)
                .toList();
        if (dimensions.isEmpty()) {
            throw new IllegalArgumentException("the file-name pattern needs at least one named group, such as (?<city>[^_]+)");
        }
        if (dimensions.size() > MAX_DIMENSIONS) {
            throw new IllegalArgumentException("the file-name pattern has at most %d named groups".formatted(MAX_DIMENSIONS));
        }
        return new FileNameMetadata(pattern, dimensions);
    }

    public static Optional<FileNameMetadata> of(String regex) {
        return regex == null ? Optional.empty() : Optional.of(compile(regex));
    }

    public String pattern() {
        return pattern.pattern();
    }

    public List<String> dimensions() {
        return dimensions;
    }

    /** The dimensions of one object key, in the pattern's order; empty when the file name does not match. */
    public Map<String, String> dimensionsOf(String key) {
        String name = key.substring(key.lastIndexOf('/') + 1);
        Matcher matcher = pattern.matcher(new Bounded(name));
        try {
            if (!matcher.matches()) {
                return Map.of();
            }
        } catch (Bounded.BudgetSpent e) {
            return Map.of();
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (String dimension : dimensions) {
            String value = matcher.group(dimension);
            if (value != null) {
                values.put(dimension, value);
            }
        }
        return values;
    }

    /** A file name that stops a match once it has been read {@link #STEP_BUDGET} times. */
    private static final class Bounded implements CharSequence {

        private final String text;
        private long steps;

        Bounded(String text) {
            this.text = text;
        }

        @Override
        public char charAt(int index) {
            if (++steps > STEP_BUDGET) {
                throw new BudgetSpent();
            }
            return text.charAt(index);
        }

        @Override
        public int length() {
            return text.length();
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return text.subSequence(start, end);
        }

        @Override
        public String toString() {
            return text;
        }

        static final class BudgetSpent extends RuntimeException {
            BudgetSpent() {
                super("pattern step budget spent", null, false, false);
            }
        }
    }
}
