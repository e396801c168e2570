package dev.docpipe.ingestion.cost;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Dollars for a batch, from what it used and the prices in {@link CostProperties}:
 * <pre>
 * compute  = (pages x sum of vCPU-s per page by stage + documents x vCPU-s per document)
 *            x (vCPU-hour + GB per vCPU x GB-hour) / 3600
 * sqs      = (pages x requests per page + documents x requests per document) x price per million / 10^6
 * s3       = pages x (PUTs x PUT price + GETs x GET price) / 1000 + documents x GET price / 1000
 *            + pages x image bytes / 10^9 x GB-month x retention days / 30
 * database = pages / (pages per ACU-second x 3600) x ACU-hour + pages x bytes per page / 10^9 x GB-month
 * model    = sum over backends of calls x price per call; for an endpoint billed by the hour
 *            (sagemaker, https): instance-hour / (3600 x pages per second per instance)
 * </pre>
 */
@Component
public class CostModel {

    private final CostProperties prices;

    public CostModel(CostProperties prices) {
        this.prices = prices;
    }

    public CostEstimate estimate(BatchUsage usage) {
        double pages = usage.pages();
        double documents = usage.documents();
        double vcpuSecond = (prices.vcpuHour() + prices.memoryGbPerVcpu() * prices.gbHour()) / 3600;
        double vcpuPerPage = prices.vcpuSecondsPerPage().values().stream().mapToDouble(Double::doubleValue).sum();
        Map<String, Double> breakdown = new LinkedHashMap<>();
        breakdown.put("compute", (pages * vcpuPerPage + documents * prices.vcpuSecondsPerDocument()) * vcpuSecond);
        breakdown.put("sqs", (pages * prices.sqsRequestsPerPage() + documents * prices.sqsRequestsPerDocument())
                * prices.sqsPerMillion() / 1e6);
        breakdown.put("s3", pages * (prices.s3PutsPerPage() * prices.s3PutPerThousand() + prices.s3GetsPerPage() * prices.s3GetPerThousand()) / 1000
                + documents * prices.s3GetPerThousand() / 1000
                + pages * prices.pageImageBytes() / 1e9 * prices.s3GbMonth() * prices.retentionDays() / 30.0);
        breakdown.put("database", pages / (prices.auroraPagesPerAcuSecond() * 3600) * prices.auroraAcuHour()
                + pages * prices.auroraBytesPerPage() / 1e9 * prices.auroraGbMonth());
        usage.modelCalls().forEach((backend, calls) -> breakdown.merge("model:" + backend, calls * perCall(backend), Double::sum));
        double total = breakdown.values().stream().mapToDouble(Double::doubleValue).sum();
        breakdown.replaceAll((item, dollars) -> round(dollars));
        return new CostEstimate("USD", prices.pricesAsOf(), round(total), pages > 0 ? round(total / pages * 1000) : 0, breakdown);
    }

    /** A model call's price: per page where the service bills per page, else the endpoint's hour spread over its pages. */
    double perCall(String backend) {
        Double listed = prices.modelPerCall().get(backend);
        if (listed != null) {
            return listed;
        }
        return prices.endpointPagesPerSecond() > 0 ? prices.endpointInstanceHour() / (3600 * prices.endpointPagesPerSecond()) : 0;
    }

    private static double round(double dollars) {
        return Math.round(dollars * 1e6) / 1e6;
    }
}
