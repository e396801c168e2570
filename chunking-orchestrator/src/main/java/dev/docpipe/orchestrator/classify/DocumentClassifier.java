package dev.docpipe.orchestrator.classify;

import dev.docpipe.contracts.DocumentClass;

/** Seed 001's routing rule, exact at every threshold. */
class DocumentClassifier {

    private final ClassificationProperties thresholds;

    DocumentClassifier(ClassificationProperties thresholds) {
        this.thresholds = thresholds;
    }

    Classification classify(long sizeBytes, int pages) {
        long limit = thresholds.largeSize().toBytes();
        if (sizeBytes > limit) {
            return new Classification(DocumentClass.LARGE, "size %d B > %d B".formatted(sizeBytes, limit));
        }
        if (pages > thresholds.maxSmallPages()) {
            return new Classification(DocumentClass.LARGE, "pages %d > %d".formatted(pages, thresholds.maxSmallPages()));
        }
        if (pages == 1) {
            return new Classification(DocumentClass.SINGLE, "1 page, size %d B <= %d B".formatted(sizeBytes, limit));
        }
        return new Classification(DocumentClass.SMALL, "pages %d in 2..%d, size %d B <= %d B"
                .formatted(pages, thresholds.maxSmallPages(), sizeBytes, limit));
    }

    record Classification(DocumentClass documentClass, String because) {}
}
