package dev.docpipe.deploy;

import java.util.ArrayList;
import java.util.List;
import software.amazon.awscdk.services.applicationautoscaling.CfnScalingPolicy;
import software.amazon.awscdk.services.applicationautoscaling.ScalableTarget;
import software.amazon.awscdk.services.sqs.IQueue;
import software.constructs.Construct;

/**
 * Target tracking on backlog per task: the visible messages of a worker's queues divided by its
 * running tasks (a metric-math expression; the running task count comes from Container Insights).
 * Scaling on the queue depth alone would add the same number of tasks whether one or fifty are
 * running; per task, the target is what one task keeps up with.
 */
final class BacklogScaling {

    private BacklogScaling() {}

    static CfnScalingPolicy track(Construct scope, String id, String policyName, ScalableTarget target, List<IQueue> queues,
            String clusterName, String serviceName, int backlogPerTask) {
        List<CfnScalingPolicy.TargetTrackingMetricDataQueryProperty> metrics = new ArrayList<>();
        List<String> visible = new ArrayList<>();
        for (int i = 0; i < queues.size(); i++) {
            String metricId = "visible" + i;
            visible.add(metricId);
            metrics.add(query(metricId, "AWS/SQS", "ApproximateNumberOfMessagesVisible", "Sum",
                    List.of(dimension("QueueName", queues.get(i).getQueueName()))));
        }
        metrics.add(query("tasks", "ECS/ContainerInsights", "RunningTaskCount", "Average",
                List.of(dimension("ClusterName", clusterName), dimension("ServiceName", serviceName))));
        // While no task runs yet the backlog itself counts, so a queue never waits on a division by zero.
        metrics.add(CfnScalingPolicy.TargetTrackingMetricDataQueryProperty.builder()
                .id("backlogPerTask")
                .expression("(" + String.join(" + ", visible) + ") / IF(tasks > 0, tasks, 1)")
                .label("Visible messages per running task")
                .returnData(true)
                .build());
        return CfnScalingPolicy.Builder.create(scope, id)
                .policyName(policyName)
                .policyType("TargetTrackingScaling")
                .scalingTargetId(target.getScalableTargetId())
                .targetTrackingScalingPolicyConfiguration(CfnScalingPolicy.TargetTrackingScalingPolicyConfigurationProperty.builder()
                        .targetValue(backlogPerTask)
                        // Out fast when work arrives; in slowly, so a pause between batches does not drain the fleet.
                        .scaleOutCooldown(60)
                        .scaleInCooldown(300)
                        .customizedMetricSpecification(CfnScalingPolicy.CustomizedMetricSpecificationProperty.builder()
                                .metrics(metrics)
                                .build())
                        .build())
                .build();
    }

    private static CfnScalingPolicy.TargetTrackingMetricDataQueryProperty query(String id, String namespace, String name,
            String statistic, List<CfnScalingPolicy.TargetTrackingMetricDimensionProperty> dimensions) {
        return CfnScalingPolicy.TargetTrackingMetricDataQueryProperty.builder()
                .id(id)
                .returnData(false)
                .metricStat(CfnScalingPolicy.TargetTrackingMetricStatProperty.builder()
                        .stat(statistic)
                        .metric(CfnScalingPolicy.TargetTrackingMetricProperty.builder()
                                .namespace(namespace)
                                .metricName(name)
                                .dimensions(dimensions)
                                .build())
                        .build())
                .build();
    }

    private static CfnScalingPolicy.TargetTrackingMetricDimensionProperty dimension(String name, String value) {
        return CfnScalingPolicy.TargetTrackingMetricDimensionProperty.builder().name(name).value(value).build();
    }
}
