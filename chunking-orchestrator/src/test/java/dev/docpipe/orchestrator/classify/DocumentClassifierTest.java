package dev.docpipe.orchestrator.classify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.docpipe.contracts.DocumentClass;
import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.io.ClassPathResource;
import org.springframework.util.unit.DataSize;

class DocumentClassifierTest {

    private static final long TEN_MB = 10L * 1024 * 1024;

    private final DocumentClassifier classifier = new DocumentClassifier(new ClassificationProperties(DataSize.ofMegabytes(10), 10));

    @Test
    void aDocumentOfExactlyTenMegabytesIsNotLarge() {
        assertThat(classOf(TEN_MB, 1)).isEqualTo(DocumentClass.SINGLE);
        assertThat(classOf(TEN_MB, 2)).isEqualTo(DocumentClass.SMALL);
        assertThat(classOf(TEN_MB, 10)).isEqualTo(DocumentClass.SMALL);
    }

    @Test
    void oneByteOverTenMegabytesIsLargeWhateverItsPageCount() {
        assertThat(classOf(TEN_MB + 1, 1)).isEqualTo(DocumentClass.LARGE);
        assertThat(classOf(TEN_MB + 1, 2)).isEqualTo(DocumentClass.LARGE);
        assertThat(classOf(TEN_MB + 1, 10)).isEqualTo(DocumentClass.LARGE);
    }

    @Test
    void tenPagesIsSmallAndElevenPagesIsLarge() {
        assertThat(classOf(1_000, 10)).isEqualTo(DocumentClass.SMALL);
        assertThat(classOf(1_000, 11)).isEqualTo(DocumentClass.LARGE);
    }

    @Test
    void onePageIsSingleAndTwoPagesIsSmall() {
        assertThat(classOf(1_000, 1)).isEqualTo(DocumentClass.SINGLE);
        assertThat(classOf(1_000, 2)).isEqualTo(DocumentClass.SMALL);
    }

    @Test
    void configuredThresholdsMoveBothBoundaries() {
        DocumentClassifier strict = new DocumentClassifier(new ClassificationProperties(DataSize.ofKilobytes(512), 3));

        assertThat(strict.classify(512 * 1024, 3).documentClass()).isEqualTo(DocumentClass.SMALL);
        assertThat(strict.classify(512 * 1024, 4).documentClass()).isEqualTo(DocumentClass.LARGE);
        assertThat(strict.classify(512 * 1024 + 1, 1).documentClass()).isEqualTo(DocumentClass.LARGE);
        // What the defaults would call SMALL and SINGLE.
        assertThat(classOf(TEN_MB, 5)).isEqualTo(DocumentClass.SMALL);
        assertThat(strict.classify(TEN_MB, 5).documentClass()).isEqualTo(DocumentClass.LARGE);
        assertThat(strict.classify(TEN_MB, 1).documentClass()).isEqualTo(DocumentClass.LARGE);
    }

    @Test
    void theReasonNamesTheThresholdThatDecided() {
        assertThat(classifier.classify(TEN_MB + 1, 1).because()).isEqualTo("size 10485761 B > 10485760 B");
        assertThat(classifier.classify(TEN_MB, 11).because()).isEqualTo("pages 11 > 10");
    }

    @Test
    void unconfiguredThresholdsAreTenMegabytesAndTenPages() {
        ClassificationProperties defaults = new Binder(new MapConfigurationPropertySource(Map.of()))
                .bindOrCreate("docpipe.classification", ClassificationProperties.class);

        assertThat(defaults.largeSize().toBytes()).isEqualTo(TEN_MB);
        assertThat(defaults.maxSmallPages()).isEqualTo(10);
    }

    @Test
    void theServicesOwnConfigurationSetsTenMegabytesAndTenPages() throws IOException {
        var sources = new YamlPropertySourceLoader().load("orchestrator", new ClassPathResource("chunking-orchestrator.yml"));
        ClassificationProperties configured = new Binder(ConfigurationPropertySources.from(sources))
                .bind("docpipe.classification", ClassificationProperties.class)
                .get();

        assertThat(configured.largeSize().toBytes()).isEqualTo(TEN_MB);
        assertThat(configured.maxSmallPages()).isEqualTo(10);
    }

    private DocumentClass classOf(long sizeBytes, int pages) {
        return classifier.classify(sizeBytes, pages).documentClass();
    }
}
