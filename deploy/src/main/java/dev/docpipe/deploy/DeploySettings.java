package dev.docpipe.deploy;

import java.util.Arrays;
import java.util.List;
import software.constructs.Node;

/**
 * What a deployment is given as CDK context ({@code cdk deploy -c certificateArn=...}).
 *
 * @param certificateArn     ACM certificate of the API's HTTPS listener (required)
 * @param imageTag           the tag of every service image in ECR
 * @param repositoryPrefix   ECR repositories are {@code <prefix>/<module>}
 * @param sagemakerEndpoints the SageMaker endpoints the dispatcher may invoke (batches name one as their model)
 * @param inputBuckets       existing buckets a batch may read, besides the stack's own input bucket
 * @param queuePrefix        before every queue name, to keep two stacks in one account apart
 * @param alarmEmail         subscribed to the alarm topic when set
 * @param publicApi          an internet-facing load balancer rather than an internal one
 * @param rollingPrefix      the prefix of the stack's input bucket whose new objects S3 announces, each
 *     added to the prefix's rolling batch; empty for none
 */
public record DeploySettings(
        String certificateArn,
        String imageTag,
        String repositoryPrefix,
        List<String> sagemakerEndpoints,
        List<String> inputBuckets,
        String queuePrefix,
        String alarmEmail,
        boolean publicApi,
        String rollingPrefix) {

    public static DeploySettings fromContext(Node node) {
        String certificateArn = string(node, "certificateArn", null);
        if (certificateArn == null) {
            throw new IllegalArgumentException("the API's HTTPS listener needs a certificate: cdk deploy -c certificateArn=arn:aws:acm:...");
        }
        return new DeploySettings(
                certificateArn,
                string(node, "imageTag", "latest"),
                string(node, "repositoryPrefix", "docpipe"),
                list(node, "sagemakerEndpoints", "docpipe-ocr"),
                list(node, "inputBuckets", ""),
                string(node, "queuePrefix", ""),
                string(node, "alarmEmail", null),
                Boolean.parseBoolean(string(node, "publicApi", "false")),
                rollingPrefix(node));
    }

    private static String rollingPrefix(Node node) {
        Object value = node.tryGetContext("rollingPrefix");
        String prefix = value == null ? "inbox/" : value.toString().strip();
        if (!prefix.isEmpty() && (!prefix.endsWith("/") || prefix.startsWith("/") || prefix.contains("..")
                || prefix.startsWith(ServiceDeployment.UPLOAD_PREFIX) || ServiceDeployment.UPLOAD_PREFIX.startsWith(prefix))) {
            throw new IllegalArgumentException("rollingPrefix must be a relative folder like inbox/, apart from the uploads' "
                    + ServiceDeployment.UPLOAD_PREFIX + ", was '" + prefix + "'");
        }
        return prefix;
    }

    private static String string(Node node, String key, String fallback) {
        Object value = node.tryGetContext(key);
        return value == null || value.toString().isBlank() ? fallback : value.toString();
    }

    private static List<String> list(Node node, String key, String fallback) {
        return Arrays.stream(string(node, key, fallback).split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }
}
