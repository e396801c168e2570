package dev.docpipe.ingestion.cost;

import java.util.Map;

/**
 * A batch's cost by the cost model: an estimate from its counters and the prices the model
 * assumes, not a bill.
 *
 * @param breakdown dollars by item: {@code compute}, {@code sqs}, {@code s3}, {@code database},
 *     {@code model:<backend>}
 */
public record CostEstimate(String currency, String pricesAsOf, double total, double perThousandPages, Map<String, Double> breakdown) {}
