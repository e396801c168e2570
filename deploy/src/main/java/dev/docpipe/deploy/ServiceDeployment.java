package dev.docpipe.deploy;

import dev.docpipe.contracts.PipelineQueue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.applicationautoscaling.ScalableTarget;
import software.amazon.awscdk.services.applicationautoscaling.ServiceNamespace;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.ecr.Repository;
import software.amazon.awscdk.services.ecs.AwsLogDriverProps;
import software.amazon.awscdk.services.ecs.BaseService;
import software.amazon.awscdk.services.ecs.CapacityProviderStrategy;
import software.amazon.awscdk.services.ecs.Compatibility;
import software.amazon.awscdk.services.ecs.ContainerDefinition;
import software.amazon.awscdk.services.ecs.ContainerDefinitionOptions;
import software.amazon.awscdk.services.ecs.ContainerDependency;
import software.amazon.awscdk.services.ecs.ContainerDependencyCondition;
import software.amazon.awscdk.services.ecs.ContainerImage;
import software.amazon.awscdk.services.ecs.DeploymentCircuitBreaker;
import software.amazon.awscdk.services.ecs.Ec2Service;
import software.amazon.awscdk.services.ecs.FargateService;
import software.amazon.awscdk.services.ecs.HealthCheck;
import software.amazon.awscdk.services.ecs.LogDriver;
import software.amazon.awscdk.services.ecs.NetworkMode;
import software.amazon.awscdk.services.ecs.PortMapping;
import software.amazon.awscdk.services.ecs.Secret;
import software.amazon.awscdk.services.ecs.TaskDefinition;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.sqs.IQueue;
import software.constructs.Construct;

/**
 * One pipeline service on ECS: its task definition (its own CPU and memory), its task role with
 * exactly the access {@link PipelineService} names, its ECS service (Fargate, or the
 * memory-optimised EC2 capacity), health checks on actuator's liveness group, and for a worker,
 * scaling on its backlog per task.
 */
public final class ServiceDeployment extends Construct {

    /**
     * Textract's actions support no resource-level permissions (the service authorisation
     * reference lists none for them), so these are the one grant on "*" in the stack.
     */
    static final List<String> TEXTRACT_ACTIONS = List.of("textract:DetectDocumentText",
            "textract:StartDocumentTextDetection", "textract:GetDocumentTextDetection");

    /** Where the API stores uploads to POST /documents, in the stack's own input bucket. */
    static final String UPLOAD_PREFIX = "uploads/";

    /** Where the services' Micrometer metrics go with the aws profile (PipelineDefaults). */
    static final String METRICS_NAMESPACE = "docpipe";

    private final PipelineService service;
    private final Role taskRole;
    private final BaseService ecsService;
    private final TaskDefinition taskDefinition;

    public ServiceDeployment(Construct scope, String id, PipelineService service, Platform platform) {
        super(scope, id);
        this.service = service;
        this.taskRole = Role.Builder.create(this, "TaskRole")
                .assumedBy(new ServicePrincipal("ecs-tasks.amazonaws.com"))
                .description("docpipe " + service.module() + ": its own queues, prefixes and model, nothing else")
                .build();
        grantAccess(platform);

        boolean onEc2 = service.capacity() == PipelineService.Capacity.EC2_MEMORY_OPTIMISED;
        this.taskDefinition = TaskDefinition.Builder.create(this, "Task")
                .family("docpipe-" + service.module())
                .compatibility(onEc2 ? Compatibility.EC2 : Compatibility.FARGATE)
                .networkMode(NetworkMode.AWS_VPC)
                .cpu(Integer.toString(service.cpu()))
                .memoryMiB(Integer.toString(service.memoryMiB()))
                .taskRole(taskRole)
                .build();
        LogGroup logs = LogGroup.Builder.create(this, "Logs")
                .logGroupName("/docpipe/" + service.module())
                .retention(RetentionDays.ONE_MONTH)
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();
        ContainerDefinition app = taskDefinition.addContainer("app", ContainerDefinitionOptions.builder()
                .image(image(this, platform.settings(), service.module()))
                .cpu(service.cpu())
                .memoryLimitMiB(service.memoryMiB())
                .environment(environment(platform))
                .secrets(Map.of(
                        "SPRING_DATASOURCE_USERNAME", Secret.fromSecretsManager(platform.database().getSecret(), "username"),
                        "SPRING_DATASOURCE_PASSWORD", Secret.fromSecretsManager(platform.database().getSecret(), "password")))
                .portMappings(List.of(PortMapping.builder().containerPort(service.port()).build()))
                .healthCheck(HealthCheck.builder()
                        .command(List.of("CMD-SHELL", "curl -fsS http://localhost:" + service.port() + "/actuator/health/liveness || exit 1"))
                        .interval(Duration.seconds(15))
                        .timeout(Duration.seconds(5))
                        .retries(3)
                        .startPeriod(Duration.seconds(90))
                        .build())
                // On scale-in or deploy, SIGTERM lets in-flight messages finish; the rest become visible again.
                .stopTimeout(Duration.seconds(120))
                .logging(LogDriver.awsLogs(AwsLogDriverProps.builder().logGroup(logs).streamPrefix(service.module()).build()))
                .build());
        // The schema first: the service starts only once the migrations exited 0.
        ContainerDefinition migrations = taskDefinition.addContainer("migrate", MigrationTask.container(this, platform, logs, false));
        app.addContainerDependencies(ContainerDependency.builder().container(migrations).condition(ContainerDependencyCondition.SUCCESS).build());

        SubnetSelection privateSubnets = SubnetSelection.builder().subnetType(SubnetType.PRIVATE_WITH_EGRESS).build();
        DeploymentCircuitBreaker rollback = DeploymentCircuitBreaker.builder().rollback(true).build();
        if (onEc2) {
            this.ecsService = Ec2Service.Builder.create(this, "Service")
                    .serviceName(service.module())
                    .cluster(platform.cluster())
                    .taskDefinition(taskDefinition)
                    .desiredCount(service.minTasks())
                    .vpcSubnets(privateSubnets)
                    .circuitBreaker(rollback)
                    .capacityProviderStrategies(List.of(CapacityProviderStrategy.builder()
                            .capacityProvider(platform.memoryOptimised().getCapacityProviderName())
                            .weight(1)
                            .build()))
                    .build();
        } else {
            this.ecsService = FargateService.Builder.create(this, "Service")
                    .serviceName(service.module())
                    .cluster(platform.cluster())
                    .taskDefinition(taskDefinition)
                    .desiredCount(service.minTasks())
                    .vpcSubnets(privateSubnets)
                    .circuitBreaker(rollback)
                    .build();
        }
        platform.database().getConnections().allowDefaultPortFrom(ecsService, service.module() + " reads and writes the pipeline's tables");
        scale(platform);
    }

    static ContainerImage image(Construct scope, DeploySettings settings, String module) {
        return image(scope, "Repository", settings, module);
    }

    static ContainerImage image(Construct scope, String id, DeploySettings settings, String module) {
        return ContainerImage.fromEcrRepository(
                Repository.fromRepositoryName(scope, id, settings.repositoryPrefix() + "/" + module), settings.imageTag());
    }

    private void grantAccess(Platform platform) {
        // PutMetricData has no resource-level permissions either; the condition keeps it to docpipe's namespace.
        taskRole.addToPrincipalPolicy(PolicyStatement.Builder.create()
                .actions(List.of("cloudwatch:PutMetricData"))
                .resources(List.of("*"))
                .conditions(Map.of("StringEquals", Map.of("cloudwatch:namespace", METRICS_NAMESPACE)))
                .build());
        QueueTopology queues = platform.queues();
        for (PipelineQueue queue : service.consumes()) {
            (service.consumesDeadLetters() ? queues.deadLetter(queue) : queues.source(queue)).grantConsumeMessages(taskRole);
        }
        for (PipelineQueue queue : service.sendsTo()) {
            queues.source(queue).grantSendMessages(taskRole);
        }
        if (service.redrivesDeadLetters()) {
            List<String> deadLetters = new ArrayList<>();
            for (PipelineQueue queue : PipelineQueue.values()) {
                queues.deadLetter(queue).grantConsumeMessages(taskRole);
                queues.source(queue).grantSendMessages(taskRole);
                deadLetters.add(queues.deadLetter(queue).getQueueArn());
            }
            taskRole.addToPrincipalPolicy(PolicyStatement.Builder.create()
                    .actions(List.of("sqs:StartMessageMoveTask", "sqs:ListMessageMoveTasks", "sqs:CancelMessageMoveTask"))
                    .resources(deadLetters)
                    .build());
        }
        if (service.readsInput()) {
            platform.inputBuckets().forEach(bucket -> bucket.grantRead(taskRole));
        }
        if (service == PipelineService.INGESTION_SERVICE) {
            platform.inputBuckets().getFirst().grantPut(taskRole, UPLOAD_PREFIX + "*");
        }
        service.reads().forEach(prefix -> platform.workBucket().grantRead(taskRole, prefix + "*"));
        service.writes().forEach(prefix -> platform.workBucket().grantPut(taskRole, prefix + "*"));
        if (service == PipelineService.INFERENCE_DISPATCHER) {
            List<String> endpoints = platform.settings().sagemakerEndpoints().stream()
                    // SageMaker keeps endpoint names in lower case in their ARNs.
                    .map(name -> "arn:" + Aws.PARTITION + ":sagemaker:" + Aws.REGION + ":" + Aws.ACCOUNT_ID + ":endpoint/" + name.toLowerCase())
                    .toList();
            taskRole.addToPrincipalPolicy(PolicyStatement.Builder.create()
                    .actions(List.of("sagemaker:InvokeEndpoint"))
                    .resources(endpoints)
                    .build());
            taskRole.addToPrincipalPolicy(PolicyStatement.Builder.create()
                    .actions(TEXTRACT_ACTIONS)
                    .resources(List.of("*"))
                    .build());
            // Asynchronous Textract publishes completions with this role; starting a job passes it.
            platform.textractPublisher().grantPassRole(taskRole);
        }
    }

    private Map<String, String> environment(Platform platform) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("SPRING_PROFILES_ACTIVE", "aws");
        env.put("SPRING_CLOUD_AWS_REGION_STATIC", Aws.REGION);
        env.put("SPRING_DATASOURCE_URL", platform.jdbcUrl());
        env.put("DOCPIPE_STORAGE_WORK_BUCKET", platform.workBucket().getBucketName());
        env.put("JAVA_OPTS", service.parsesDocuments()
                // These parse documents in sandbox JVMs with heaps of their own: a small share for the service.
                ? "-XX:MaxRAMPercentage=30 -XX:+ExitOnOutOfMemoryError"
                : "-XX:MaxRAMPercentage=70 -XX:+ExitOnOutOfMemoryError");
        for (PipelineQueue queue : PipelineQueue.values()) {
            String key = "DOCPIPE_QUEUE_" + queue.logicalName().toUpperCase().replace('-', '_');
            env.put(key, platform.queues().source(queue).getQueueName());
            env.put(key + "_DLQ", platform.queues().deadLetter(queue).getQueueName());
        }
        switch (service) {
            case INGESTION_SERVICE -> {
                env.put("DOCPIPE_INGESTION_ALLOWED_BUCKETS",
                        String.join(",", platform.inputBuckets().stream().map(b -> b.getBucketName()).toList()));
                String input = platform.inputBuckets().getFirst().getBucketName();
                env.put("DOCPIPE_INGESTION_REALTIME_BUCKET", input);
                env.put("DOCPIPE_INGESTION_REALTIME_PREFIX", UPLOAD_PREFIX);
                // The API accepts the Cognito user pool's JWTs, with the scopes docpipe/read and docpipe/write.
                env.put("SPRING_SECURITY_OAUTH2_RESOURCESERVER_JWT_ISSUER_URI", platform.apiTokenIssuer());
                if (!platform.settings().rollingPrefix().isEmpty()) {
                    env.put("DOCPIPE_INGESTION_ROLLING_SOURCES_0_BUCKET", input);
                    env.put("DOCPIPE_INGESTION_ROLLING_SOURCES_0_PREFIX", platform.settings().rollingPrefix());
                }
            }
            case IMAGE_CONVERTER -> env.put("DOCPIPE_CONVERSION_NOTIFY_CONVERTED", "false");
            case INFERENCE_DISPATCHER -> {
                env.put("DOCPIPE_INFERENCE_TEXTRACT_ASYNC_SNS_TOPIC_ARN", platform.textractCompleted().getTopicArn());
                env.put("DOCPIPE_INFERENCE_TEXTRACT_ASYNC_ROLE_ARN", platform.textractPublisher().getRoleArn());
            }
            default -> { }
        }
        return env;
    }

    private void scale(Platform platform) {
        ScalableTarget target = ScalableTarget.Builder.create(this, "Scaling")
                .serviceNamespace(ServiceNamespace.ECS)
                .resourceId("service/" + platform.cluster().getClusterName() + "/" + ecsService.getServiceName())
                .scalableDimension("ecs:service:DesiredCount")
                .minCapacity(service.minTasks())
                .maxCapacity(service.maxTasks())
                .build();
        if (service.isWorker()) {
            List<IQueue> backlog = new ArrayList<>();
            for (PipelineQueue queue : service.consumes()) {
                backlog.add(service.consumesDeadLetters() ? platform.queues().deadLetter(queue) : platform.queues().source(queue));
            }
            BacklogScaling.track(this, "BacklogPerTask", service.module() + "-backlog-per-task", target, backlog, platform.cluster().getClusterName(),
                    ecsService.getServiceName(), service.backlogPerTask());
        } else {
            target.scaleToTrackMetric("Cpu", software.amazon.awscdk.services.applicationautoscaling.BasicTargetTrackingScalingPolicyProps.builder()
                    .predefinedMetric(software.amazon.awscdk.services.applicationautoscaling.PredefinedMetric.ECS_SERVICE_AVERAGE_CPU_UTILIZATION)
                    .targetValue(60)
                    .build());
        }
    }

    public PipelineService service() {
        return service;
    }

    public Role taskRole() {
        return taskRole;
    }

    public BaseService ecsService() {
        return ecsService;
    }

    public TaskDefinition taskDefinition() {
        return taskDefinition;
    }
}
