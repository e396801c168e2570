package dev.docpipe.benchmarks;

import dev.docpipe.ingestion.cost.BatchUsage;
import dev.docpipe.ingestion.cost.CostEstimate;
import dev.docpipe.ingestion.cost.CostModel;
import dev.docpipe.ingestion.cost.CostProperties;
import java.util.List;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** What the cost model makes of a batch, at its default prices, for each way of reaching a model. */
final class CostTable {

    private CostTable() {}

    static void print(long pages, int pagesPerDocument) {
        CostProperties prices = new Binder(new MapConfigurationPropertySource()).bindOrCreate("docpipe.cost", CostProperties.class);
        CostModel model = new CostModel(prices);
        System.out.printf("Cost model (docpipe.cost defaults, us-east-1 list prices as of %s), documents of %d pages:%n",
                prices.pricesAsOf(), pagesPerDocument);
        for (String backend : List.of("textract", "sagemaker")) {
            CostEstimate thousand = model.estimate(BatchUsage.of(1000, pagesPerDocument, backend));
            CostEstimate batch = model.estimate(BatchUsage.of(pages, pagesPerDocument, backend));
            System.out.printf("  %-10s $%.4f per 1,000 pages %s; this batch of %,d pages: $%,.2f%n", backend,
                    thousand.perThousandPages(), thousand.breakdown(), pages, batch.total());
        }
    }
}
