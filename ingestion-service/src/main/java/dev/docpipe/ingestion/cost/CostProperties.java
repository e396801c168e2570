package dev.docpipe.ingestion.cost;

import jakarta.validation.constraints.PositiveOrZero;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The prices and rates the cost model assumes: list prices of us-east-1 as published on the AWS
 * pricing pages as of {@code pricesAsOf} (on-demand, without free tiers, savings plans or volume
 * tiers; not fetched at run time, so check them before quoting a figure); and docpipe's own rates,
 * measured on the embedded default or estimated where docs/capacity.md says so. Every figure can
 * be overridden under {@code docpipe.cost.*}.
 *
 * @param pricesAsOf            when the prices below were read from the AWS price pages
 * @param vcpuHour              Fargate (Linux/x86) per vCPU-hour
 * @param gbHour                Fargate per GB of memory per hour
 * @param memoryGbPerVcpu       the task shape: GB of memory per vCPU (1 vCPU, 2 GB)
 * @param vcpuSecondsPerPage    docpipe's own CPU per page, by stage, measured (docs/capacity.md)
 * @param vcpuSecondsPerDocument docpipe's own CPU per document: listing (0.0001, measured) and
 *     classification (0.02, estimated)
 * @param sqsPerMillion         SQS standard queue, per million requests (a batch call of up to ten counts once)
 * @param sqsRequestsPerPage    SQS requests per page: a converted-page and a convert message, each
 *     sent, received and deleted, at the batching the services use
 * @param sqsRequestsPerDocument SQS requests per document: its ingest and split messages
 * @param s3PutPerThousand      S3 Standard PUT/COPY/POST/LIST, per 1,000 requests
 * @param s3GetPerThousand      S3 Standard GET, per 1,000 requests
 * @param s3PutsPerPage         objects written per page: its single-page PDF and its PNG
 * @param s3GetsPerPage         objects read per page: the PDF by the converter, the PNG by the dispatcher
 * @param s3GbMonth             S3 Standard storage per GB-month
 * @param pageImageBytes        a page's PNG and PDF kept in the work bucket (grey, 150 dpi)
 * @param retentionDays         how long the work bucket keeps them (a lifecycle rule)
 * @param auroraAcuHour         Aurora Serverless v2 per ACU-hour
 * @param auroraPagesPerAcuSecond pages one ACU serves per second: the rows, counters and audit
 *     events of a page (measured: docs/capacity.md)
 * @param auroraGbMonth         Aurora storage per GB-month
 * @param auroraBytesPerPage    database bytes per page: page row, result, audit events, indexes
 * @param modelPerCall          model price per page by backend ({@code textract}, {@code textract-async}:
 *     per page; {@code sagemaker}, {@code https}: an endpoint's instance-hour spread over the pages
 *     it serves per hour, see {@code endpointInstanceHour})
 * @param endpointInstanceHour  a SageMaker real-time endpoint instance per hour (ml.g4dn.xlarge)
 * @param endpointPagesPerSecond pages per second one endpoint instance serves (an assumption
 *     about the model, not measured here)
 */
@Validated
@ConfigurationProperties("docpipe.cost")
public record CostProperties(
        @DefaultValue("2025-06") String pricesAsOf,
        @DefaultValue("0.04048") @PositiveOrZero double vcpuHour,
        @DefaultValue("0.004445") @PositiveOrZero double gbHour,
        @DefaultValue("2") @PositiveOrZero double memoryGbPerVcpu,
        Map<String, Double> vcpuSecondsPerPage,
        @DefaultValue("0.0201") @PositiveOrZero double vcpuSecondsPerDocument,
        @DefaultValue("0.40") @PositiveOrZero double sqsPerMillion,
        @DefaultValue("2.4") @PositiveOrZero double sqsRequestsPerPage,
        @DefaultValue("2.4") @PositiveOrZero double sqsRequestsPerDocument,
        @DefaultValue("0.005") @PositiveOrZero double s3PutPerThousand,
        @DefaultValue("0.0004") @PositiveOrZero double s3GetPerThousand,
        @DefaultValue("2") @PositiveOrZero double s3PutsPerPage,
        @DefaultValue("2") @PositiveOrZero double s3GetsPerPage,
        @DefaultValue("0.023") @PositiveOrZero double s3GbMonth,
        @DefaultValue("150000") @PositiveOrZero long pageImageBytes,
        @DefaultValue("30") @PositiveOrZero int retentionDays,
        @DefaultValue("0.12") @PositiveOrZero double auroraAcuHour,
        @DefaultValue("125") @PositiveOrZero double auroraPagesPerAcuSecond,
        @DefaultValue("0.10") @PositiveOrZero double auroraGbMonth,
        @DefaultValue("3000") @PositiveOrZero long auroraBytesPerPage,
        Map<String, Double> modelPerCall,
        @DefaultValue("0.7364") @PositiveOrZero double endpointInstanceHour,
        @DefaultValue("10") @PositiveOrZero double endpointPagesPerSecond) {

    /** Measured on the embedded default: see docs/capacity.md. */
    static final Map<String, Double> MEASURED_VCPU_SECONDS_PER_PAGE = Map.of("split", 0.0025, "conversion", 0.04, "inference", 0.017);

    public CostProperties {
        vcpuSecondsPerPage = vcpuSecondsPerPage == null || vcpuSecondsPerPage.isEmpty()
                ? MEASURED_VCPU_SECONDS_PER_PAGE : Map.copyOf(vcpuSecondsPerPage);
        modelPerCall = modelPerCall == null || modelPerCall.isEmpty()
                ? Map.of("textract", 0.0015, "textract-async", 0.0015) : Map.copyOf(modelPerCall);
    }
}
