package dev.docpipe.ingestion.rolling;

import dev.docpipe.contracts.ProcessingOptions;
import dev.docpipe.ingestion.batch.IngestionProperties;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * The configured sources with their options resolved, checked once at start-up: a source outside
 * the allowlist, with an unsafe prefix, or whose prefix overlaps another's is a configuration
 * error, not something to find out per object.
 */
@Component
public class RollingSources {

    /** A source and the options every document of it is processed with. */
    public record Configured(RollingSource source, ProcessingOptions options) {}

    private final List<Configured> sources;

    RollingSources(RollingProperties properties, IngestionProperties ingestion) {
        this.sources = properties.sources().stream().map(s -> resolve(s, ingestion)).toList();
        for (int i = 0; i < sources.size(); i++) {
            for (int j = i + 1; j < sources.size(); j++) {
                if (sources.get(i).source().overlaps(sources.get(j).source())) {
                    throw new IllegalStateException("rolling sources '%s' and '%s' overlap: an object would belong to both"
                            .formatted(sources.get(i).source().name(), sources.get(j).source().name()));
                }
            }
        }
    }

    private static Configured resolve(RollingProperties.Source s, IngestionProperties ingestion) {
        String name = s.name() == null || s.name().isBlank() ? s.bucket() + "/" + s.prefix() : s.name();
        if (!ingestion.allowedBuckets().contains(s.bucket())) {
            throw new IllegalStateException("rolling source '%s': bucket '%s' is not on docpipe.ingestion.allowed-buckets".formatted(name, s.bucket()));
        }
        checkPrefix(name, s.prefix());
        try {
            ProcessingOptions options = new ProcessingOptions(
                    s.dpi() != null ? s.dpi() : ingestion.defaultDpi(),
                    s.model() != null ? s.model() : ingestion.defaultModel(),
                    s.backend(),
                    Boolean.TRUE.equals(s.annotate()));
            return new Configured(new RollingSource(name, s.bucket(), s.prefix(), s.fileNamePattern()), options);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("rolling source '%s': %s".formatted(name, e.getMessage()), e);
        }
    }

    /** The rules of a batch's prefix: relative, no {@code ..}, no backslashes or control characters. */
    static void checkPrefix(String name, String prefix) {
        if (prefix.length() > 1024 || prefix.startsWith("/") || prefix.contains("..") || prefix.contains("\\")
                || prefix.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalStateException("source '%s': prefix '%s' must be relative, at most 1024 characters, without '..', "
                    .formatted(name, prefix) + "backslashes or control characters");
        }
    }

    /** The source an object belongs to; the longest prefix wins, though configured prefixes never overlap. */
    public Optional<Configured> find(String bucket, String key) {
        return sources.stream()
                .filter(c -> c.source().covers(bucket, key))
                .max(Comparator.comparingInt(c -> c.source().prefix().length()));
    }

    public List<Configured> all() {
        return sources;
    }
}
