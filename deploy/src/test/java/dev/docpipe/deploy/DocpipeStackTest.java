package dev.docpipe.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.docpipe.contracts.PipelineQueue;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/**
 * The synthesized stack, checked for what must hold: the topology's queues with their dead-letter
 * queues and alarms, exactly the access each service needs, scaling for every worker. One synth
 * serves every test: jsii's start-up is the slow part.
 */
class DocpipeStackTest {

    static Template template;
    static Map<String, Map<String, Object>> resources;

    @BeforeAll
    static void synthesize() {
        App app = new App(AppProps.builder()
                .context(Map.of("certificateArn", "arn:aws:acm:eu-west-1:123456789012:certificate/test",
                        "sagemakerEndpoints", "docpipe-ocr,Invoices-Detector"))
                .build());
        DocpipeStack stack = new DocpipeStack(app, "Docpipe", StackProps.builder()
                .env(Environment.builder().account("123456789012").region("eu-west-1").build())
                .build(), DeploySettings.fromContext(app.getNode()));
        template = Template.fromStack(stack);
        resources = TemplateResources.of(template);
    }

    @Test
    void everyQueueOfTheTopologyHasItsDeadLetterQueueRedriveAndRetention() {
        for (PipelineQueue queue : PipelineQueue.values()) {
            String dlqId = queueId(queue.defaultDlqName());
            Map<String, Object> source = properties(queueId(queue.defaultName()));
            Map<String, Object> dlq = properties(dlqId);

            assertThat(source.get("VisibilityTimeout")).isEqualTo((int) queue.visibilityTimeout().toSeconds());
            assertThat(source.get("MessageRetentionPeriod")).isEqualTo((int) PipelineQueue.RETENTION.toSeconds());
            assertThat(dlq.get("MessageRetentionPeriod")).isEqualTo((int) PipelineQueue.DLQ_RETENTION.toSeconds());
            assertThat((Integer) dlq.get("MessageRetentionPeriod")).isGreaterThan((Integer) source.get("MessageRetentionPeriod"));
            @SuppressWarnings("unchecked")
            Map<String, Object> redrive = (Map<String, Object>) source.get("RedrivePolicy");
            assertThat(redrive.get("maxReceiveCount")).isEqualTo(PipelineQueue.MAX_RECEIVE_COUNT);
            assertThat(redrive.get("deadLetterTargetArn")).isEqualTo(Map.of("Fn::GetAtt", List.of(dlqId, "Arn")));
        }
        assertThat(TemplateResources.ofType(resources, "AWS::SQS::Queue")).hasSize(2 * PipelineQueue.values().length);
    }

    @Test
    void everyDeadLetterQueueAlarmsOnDepthAndAgeAndEverySourceOnItsOldestMessage() {
        String alarmTopic = TemplateResources.ofType(resources, "AWS::SNS::Topic").keySet().stream()
                .filter(id -> id.startsWith("Alarms")).findFirst().orElseThrow();
        for (PipelineQueue queue : PipelineQueue.values()) {
            String dlqName = queueNameRef(queue.defaultDlqName());
            String sourceName = queueNameRef(queue.defaultName());
            assertThat(alarmsOn(dlqName, "ApproximateNumberOfMessagesVisible", alarmTopic)).as(queue + " DLQ depth").isEqualTo(1);
            assertThat(alarmsOn(dlqName, "ApproximateAgeOfOldestMessage", alarmTopic)).as(queue + " DLQ age").isEqualTo(1);
            assertThat(alarmsOn(sourceName, "ApproximateAgeOfOldestMessage", alarmTopic)).as(queue + " oldest").isEqualTo(1);
        }
    }

    @Test
    void eachServiceMayReceiveOnlyFromItsOwnQueuesAndSendOnlyToTheNext() {
        for (PipelineService service : PipelineService.values()) {
            List<Map<String, Object>> statements = taskRoleStatements(service);
            Set<String> expectedReceive = service.consumes().stream()
                    .map(q -> service.consumesDeadLetters() ? q.defaultDlqName() : q.defaultName()).collect(Collectors.toSet());
            Set<String> expectedSend = service.sendsTo().stream().map(PipelineQueue::defaultName).collect(Collectors.toSet());
            if (service.redrivesDeadLetters()) {
                // A redrive receives from a dead-letter queue and sends to its source.
                for (PipelineQueue queue : PipelineQueue.values()) {
                    expectedReceive.add(queue.defaultDlqName());
                    expectedSend.add(queue.defaultName());
                }
            }

            assertThat(queuesWith(statements, "sqs:ReceiveMessage")).as(service + " receives").isEqualTo(expectedReceive);
            assertThat(queuesWith(statements, "sqs:DeleteMessage")).as(service + " deletes").isEqualTo(expectedReceive);
            assertThat(queuesWith(statements, "sqs:SendMessage")).as(service + " sends").isEqualTo(expectedSend);
        }
    }

    @Test
    void noTaskRoleGrantsAnythingOnEveryResourceButTextractsActionsAndItsOwnMetrics() {
        for (PipelineService service : PipelineService.values()) {
            for (Map<String, Object> statement : taskRoleStatements(service)) {
                if (actionsOf(statement).equals(List.of("cloudwatch:PutMetricData"))) {
                    // PutMetricData has no resource-level permissions: it is held to docpipe's namespace instead.
                    assertThat(statement.get("Condition")).isEqualTo(Map.of("StringEquals", Map.of("cloudwatch:namespace", "docpipe")));
                    continue;
                }
                if (resourcesOf(statement).contains("*")) {
                    // Textract has no resource-level permissions: its actions can only be granted on "*".
                    assertThat(service).isEqualTo(PipelineService.INFERENCE_DISPATCHER);
                    assertThat(actionsOf(statement)).containsExactlyInAnyOrderElementsOf(ServiceDeployment.TEXTRACT_ACTIONS);
                }
            }
        }
    }

    @Test
    void onlyTheDispatcherInvokesModelsAndOnlyItsConfiguredEndpoints() {
        for (PipelineService service : PipelineService.values()) {
            List<Map<String, Object>> invoke = taskRoleStatements(service).stream()
                    .filter(s -> actionsOf(s).contains("sagemaker:InvokeEndpoint")).toList();
            List<Map<String, Object>> textract = taskRoleStatements(service).stream()
                    .filter(s -> actionsOf(s).stream().anyMatch(a -> a.startsWith("textract:"))).toList();
            if (service == PipelineService.INFERENCE_DISPATCHER) {
                assertThat(invoke).hasSize(1);
                assertThat(invoke.getFirst().get("Resource").toString())
                        .contains(":endpoint/docpipe-ocr").contains(":endpoint/invoices-detector");
                assertThat(textract).hasSize(1);
            } else {
                assertThat(invoke).as(service.module()).isEmpty();
                assertThat(textract).as(service.module()).isEmpty();
            }
        }
    }

    @Test
    void eachServiceReadsAndWritesOnlyItsOwnPrefixes() {
        for (PipelineService service : PipelineService.values()) {
            Set<String> readObjects = new HashSet<>();
            Set<String> writtenObjects = new HashSet<>();
            for (Map<String, Object> statement : taskRoleStatements(service)) {
                List<String> actions = actionsOf(statement);
                for (Object resource : rawResources(statement)) {
                    String prefix = workBucketPrefix(resource);
                    if (prefix == null) {
                        continue;
                    }
                    if (actions.stream().anyMatch(a -> a.startsWith("s3:GetObject"))) {
                        readObjects.add(prefix);
                    }
                    if (actions.contains("s3:PutObject")) {
                        writtenObjects.add(prefix);
                    }
                    assertThat(actions).as(service + " never deletes").noneMatch(a -> a.startsWith("s3:DeleteObject"));
                }
            }
            assertThat(readObjects).as(service + " reads").isEqualTo(Set.copyOf(service.reads()));
            assertThat(writtenObjects).as(service + " writes").isEqualTo(Set.copyOf(service.writes()));
        }
    }

    @Test
    void everyWorkerScalesOnBacklogPerRunningTask() {
        Map<String, Map<String, Object>> policies = TemplateResources.ofType(resources, "AWS::ApplicationAutoScaling::ScalingPolicy");
        for (PipelineService service : PipelineService.values()) {
            if (!service.isWorker()) {
                continue;
            }
            Map<String, Object> policy = policies.values().stream()
                    .map(TemplateResources::properties)
                    .filter(p -> (service.module() + "-backlog-per-task").equals(p.get("PolicyName")))
                    .findFirst().orElseThrow(() -> new AssertionError("no backlog scaling for " + service.module()));
            String config = policy.get("TargetTrackingScalingPolicyConfiguration").toString();
            assertThat(config).contains("ApproximateNumberOfMessagesVisible", "RunningTaskCount", "IF(tasks > 0, tasks, 1)");
            assertThat(config).contains("TargetValue=" + service.backlogPerTask());
            for (PipelineQueue queue : service.consumes()) {
                String name = service.consumesDeadLetters() ? queue.defaultDlqName() : queue.defaultName();
                assertThat(config).as(service + " scales on " + name).contains(queueId(name));
            }
        }
        template.resourcePropertiesCountIs("AWS::ApplicationAutoScaling::ScalableTarget", Map.of(), PipelineService.values().length);
    }

    @Test
    void theLargeDocumentWorkerRunsOnMemoryOptimisedEc2AndTheRestOnFargate() {
        template.hasResourceProperties("AWS::AutoScaling::LaunchConfiguration", Match.objectLike(Map.of("InstanceType", "r6i.xlarge")));
        for (PipelineService service : PipelineService.values()) {
            Map<String, Object> task = TemplateResources.properties(taskDefinition(service));
            assertThat(task.get("RequiresCompatibilities")).as(service.module())
                    .isEqualTo(List.of(service == PipelineService.LARGE_DOC_WORKER ? "EC2" : "FARGATE"));
            assertThat(task.get("Cpu")).isEqualTo(Integer.toString(service.cpu()));
            assertThat(task.get("Memory")).isEqualTo(Integer.toString(service.memoryMiB()));
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyServiceStartsOnlyAfterTheSchemaMigrationsSucceeded() {
        for (PipelineService service : PipelineService.values()) {
            List<Map<String, Object>> containers = (List<Map<String, Object>>) TemplateResources.properties(taskDefinition(service))
                    .get("ContainerDefinitions");
            Map<String, Object> migrate = containers.stream().filter(c -> "migrate".equals(c.get("Name"))).findFirst().orElseThrow();
            Map<String, Object> app = containers.stream().filter(c -> "app".equals(c.get("Name"))).findFirst().orElseThrow();
            assertThat(migrate.get("Essential")).as(service.module()).isEqualTo(false);
            assertThat(migrate.get("Image").toString()).contains("db-migrations");
            assertThat(app.get("DependsOn")).as(service.module())
                    .isEqualTo(List.of(Map.of("ContainerName", "migrate", "Condition", "SUCCESS")));
        }
    }

    @Test
    void pageImagesNotifyTheInferenceQueueAndTextractCompletionsArriveInSnsEnvelopes() {
        Object pageFilter = Map.of("Key", Map.of("FilterRules", List.of(
                Map.of("Name", "suffix", "Value", ".png"),
                Map.of("Name", "prefix", "Value", "pages/"))));
        Object toInference = Match.objectLike(Map.of(
                "Events", List.of("s3:ObjectCreated:*"),
                "Filter", pageFilter,
                "QueueArn", Map.of("Fn::GetAtt", List.of(queueId(PipelineQueue.PAGE_CONVERTED.defaultName()), "Arn"))));
        template.hasResourceProperties("Custom::S3BucketNotifications", Match.objectLike(Map.of(
                "NotificationConfiguration", Match.objectLike(Map.of("QueueConfigurations", List.of(toInference))))));
        template.hasResourceProperties("AWS::SNS::Subscription", Map.of(
                "Protocol", "sqs",
                "Endpoint", Map.of("Fn::GetAtt", List.of(queueId(PipelineQueue.TEXTRACT_COMPLETED.defaultName()), "Arn")),
                "TopicArn", Match.anyValue(),
                "RawMessageDelivery", false));
    }

    @Test
    @SuppressWarnings("unchecked")
    void theRollingPrefixNotifiesTheObjectCreatedQueueAndTheApiStoresUploadsInTheInputBucket() {
        String inputBucket = TemplateResources.ofType(resources, "AWS::S3::Bucket").keySet().stream()
                .filter(id -> id.startsWith("InputBucket")).findFirst().orElseThrow();
        Object toIngestion = Match.objectLike(Map.of(
                "Events", List.of("s3:ObjectCreated:*"),
                "Filter", Map.of("Key", Map.of("FilterRules", List.of(Map.of("Name", "prefix", "Value", "inbox/")))),
                "QueueArn", Map.of("Fn::GetAtt", List.of(queueId(PipelineQueue.OBJECT_CREATED.defaultName()), "Arn"))));
        template.hasResourceProperties("Custom::S3BucketNotifications", Match.objectLike(Map.of(
                "BucketName", Map.of("Ref", inputBucket),
                "NotificationConfiguration", Match.objectLike(Map.of("QueueConfigurations", List.of(toIngestion))))));

        List<Map<String, Object>> containers = (List<Map<String, Object>>) TemplateResources.properties(
                taskDefinition(PipelineService.INGESTION_SERVICE)).get("ContainerDefinitions");
        Map<String, Object> environment = new HashMap<>();
        containers.stream().filter(c -> "app".equals(c.get("Name"))).findFirst().map(c -> (List<Map<String, Object>>) c.get("Environment"))
                .orElseThrow().forEach(e -> environment.put((String) e.get("Name"), e.get("Value")));
        assertThat(environment).containsEntry("DOCPIPE_INGESTION_ROLLING_SOURCES_0_BUCKET", Map.of("Ref", inputBucket))
                .containsEntry("DOCPIPE_INGESTION_ROLLING_SOURCES_0_PREFIX", "inbox/")
                .containsEntry("DOCPIPE_INGESTION_REALTIME_BUCKET", Map.of("Ref", inputBucket))
                .containsEntry("DOCPIPE_INGESTION_REALTIME_PREFIX", "uploads/")
                // The issuer is the user pool's provider URL (https://cognito-idp.<region>.amazonaws.com/<pool id>).
                .containsEntry("SPRING_SECURITY_OAUTH2_RESOURCESERVER_JWT_ISSUER_URI", Map.of("Fn::GetAtt", List.of(userPool(), "ProviderURL")));

        // The API may put objects under uploads/ of the input bucket, and nowhere else in it.
        List<String> written = new ArrayList<>();
        for (Map<String, Object> statement : taskRoleStatements(PipelineService.INGESTION_SERVICE)) {
            if (actionsOf(statement).contains("s3:PutObject")) {
                rawResources(statement).forEach(r -> written.add(r.toString()));
            }
        }
        assertThat(written).hasSize(1);
        assertThat(written.getFirst()).contains(inputBucket).endsWith("/uploads/*]]}");
    }

    @Test
    void aRollingPrefixMustBeAFolderApartFromTheUploads() {
        for (String bad : List.of("inbox", "/inbox/", "uploads/", "uploads/x/", "a/../b/")) {
            App app = new App(AppProps.builder().context(Map.of("certificateArn", "arn:aws:acm:eu-west-1:1:certificate/t", "rollingPrefix", bad))
                    .build());
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> DeploySettings.fromContext(app.getNode())).as(bad)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("rollingPrefix");
        }
        App none = new App(AppProps.builder().context(Map.of("certificateArn", "arn:aws:acm:eu-west-1:1:certificate/t", "rollingPrefix", ""))
                .build());
        assertThat(DeploySettings.fromContext(none.getNode()).rollingPrefix()).isEmpty();
    }

    @Test
    void theWorkBucketIsEncryptedWithKmsAndTheDatabaseIsAuroraServerless() {
        Object kms = Match.objectLike(Map.of("ServerSideEncryptionByDefault", Match.objectLike(Map.of("SSEAlgorithm", "aws:kms"))));
        template.hasResourceProperties("AWS::S3::Bucket", Match.objectLike(Map.of(
                "BucketEncryption", Map.of("ServerSideEncryptionConfiguration", List.of(kms)))));
        template.hasResourceProperties("AWS::RDS::DBCluster", Match.objectLike(Map.of(
                "Engine", "aurora-postgresql",
                "StorageEncrypted", true,
                "ServerlessV2ScalingConfiguration", Map.of("MinCapacity", 0.5, "MaxCapacity", 16))));
        template.hasResourceProperties("AWS::RDS::DBInstance", Match.objectLike(Map.of("DBInstanceClass", "db.serverless")));
    }

    @Test
    void theApiListensOnHttpsOnlyWithTheGivenCertificate() {
        template.resourceCountIs("AWS::ElasticLoadBalancingV2::Listener", 1);
        template.hasResourceProperties("AWS::ElasticLoadBalancingV2::Listener", Match.objectLike(Map.of(
                "Protocol", "HTTPS",
                "Port", 443,
                "Certificates", List.of(Map.of("CertificateArn", "arn:aws:acm:eu-west-1:123456789012:certificate/test")))));
        template.hasResourceProperties("AWS::ElasticLoadBalancingV2::TargetGroup", Match.objectLike(Map.of(
                "HealthCheckPath", "/actuator/health/readiness", "Port", 8080)));
    }

    @Test
    void synthesizesWithoutLookingAnythingUp() {
        // A lookup would leave its "dummy" placeholder values behind and a missing-context entry.
        assertThat(template.toJSON().toString()).doesNotContain("dummy-value-for");
    }

    // --- helpers over the template JSON ---

    @Test
    void theApiAcceptsTokensOfAUserPoolWithReadAndWriteScopesAndNoSelfSignUp() {
        template.hasResourceProperties("AWS::Cognito::UserPool", Match.objectLike(Map.of(
                "AdminCreateUserConfig", Map.of("AllowAdminCreateUserOnly", true))));
        template.hasResourceProperties("AWS::Cognito::UserPoolResourceServer", Map.of(
                "Identifier", "docpipe",
                "Name", "docpipe",
                "UserPoolId", Map.of("Ref", userPool()),
                "Scopes", List.of(
                        Map.of("ScopeName", "read", "ScopeDescription", "read batches and reports"),
                        Map.of("ScopeName", "write",
                                "ScopeDescription", "start, pause, resume, cancel and reprocess batches; redrive dead letters"))));
        Map<String, Map<String, Object>> clients = TemplateResources.ofType(resources, "AWS::Cognito::UserPoolClient");
        assertThat(clients).hasSize(2);
        for (Map<String, Object> client : clients.values()) {
            Map<String, Object> properties = (Map<String, Object>) client.get("Properties");
            assertThat(properties).containsEntry("AllowedOAuthFlows", List.of("client_credentials")).containsEntry("GenerateSecret", true);
        }
    }

    @Test
    void theApiMayRedriveEveryDeadLetterQueueAndResendParkedMessagesToEveryStage() {
        assertThat(PipelineService.INGESTION_SERVICE.sendsTo()).contains(PipelineQueue.INGEST, PipelineQueue.CHUNK_LARGE,
                PipelineQueue.CHUNK_SMALL, PipelineQueue.PAGE_SINGLE, PipelineQueue.PAGE_CONVERTED);
        List<Map<String, Object>> statements = taskRoleStatements(PipelineService.INGESTION_SERVICE);
        Set<String> moves = queuesWith(statements, "sqs:StartMessageMoveTask");
        assertThat(moves).isEqualTo(java.util.Arrays.stream(PipelineQueue.values()).map(PipelineQueue::defaultDlqName).collect(Collectors.toSet()));
        assertThat(queuesWith(statements, "sqs:ListMessageMoveTasks")).isEqualTo(moves);
        for (PipelineService other : PipelineService.values()) {
            if (other != PipelineService.INGESTION_SERVICE) {
                assertThat(queuesWith(taskRoleStatements(other), "sqs:StartMessageMoveTask")).as(other.toString()).isEmpty();
            }
        }
    }

    private static String userPool() {
        return TemplateResources.ofType(resources, "AWS::Cognito::UserPool").keySet().iterator().next();
    }

    private static String queueId(String queueName) {
        return TemplateResources.ofType(resources, "AWS::SQS::Queue").entrySet().stream()
                .filter(e -> queueName.equals(TemplateResources.properties(e.getValue()).get("QueueName")))
                .map(Map.Entry::getKey).findFirst().orElseThrow(() -> new AssertionError("no queue " + queueName));
    }

    private static String queueNameRef(String queueName) {
        return queueId(queueName);
    }

    private static Map<String, Object> properties(String logicalId) {
        return TemplateResources.properties(resources.get(logicalId));
    }

    private static long alarmsOn(String queueId, String metric, String topicId) {
        return TemplateResources.ofType(resources, "AWS::CloudWatch::Alarm").values().stream()
                .map(TemplateResources::properties)
                .filter(p -> metric.equals(p.get("MetricName")))
                .filter(p -> p.get("Dimensions").toString().contains(queueId))
                .filter(p -> p.get("AlarmActions").toString().contains(topicId))
                .count();
    }

    private static Map<String, Object> taskDefinition(PipelineService service) {
        return TemplateResources.ofType(resources, "AWS::ECS::TaskDefinition").values().stream()
                .filter(r -> ("docpipe-" + service.module()).equals(TemplateResources.properties(r).get("Family")))
                .findFirst().orElseThrow();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> taskRoleStatements(PipelineService service) {
        Map<String, Object> roleArn = (Map<String, Object>) TemplateResources.properties(taskDefinition(service)).get("TaskRoleArn");
        String roleId = ((List<String>) roleArn.get("Fn::GetAtt")).getFirst();
        List<Map<String, Object>> statements = new ArrayList<>();
        for (Map<String, Object> policy : TemplateResources.ofType(resources, "AWS::IAM::Policy").values()) {
            Map<String, Object> props = TemplateResources.properties(policy);
            if (((List<Object>) props.get("Roles")).contains(Map.of("Ref", roleId))) {
                statements.addAll((List<Map<String, Object>>) ((Map<String, Object>) props.get("PolicyDocument")).get("Statement"));
            }
        }
        assertThat((Object) TemplateResources.properties(resources.get(roleId)).get("ManagedPolicyArns")).as(service + " managed policies").isNull();
        return statements;
    }

    private static Set<String> queuesWith(List<Map<String, Object>> statements, String action) {
        Map<String, String> namesById = new HashMap<>();
        TemplateResources.ofType(resources, "AWS::SQS::Queue").forEach((id, r) ->
                namesById.put(id, (String) TemplateResources.properties(r).get("QueueName")));
        Set<String> queues = new HashSet<>();
        for (Map<String, Object> statement : statements) {
            if (!actionsOf(statement).contains(action)) {
                continue;
            }
            for (Object resource : rawResources(statement)) {
                assertThat(resource).as("an SQS grant names its queue").isInstanceOf(Map.class);
                @SuppressWarnings("unchecked")
                List<String> getAtt = (List<String>) ((Map<String, Object>) resource).get("Fn::GetAtt");
                queues.add(namesById.get(getAtt.getFirst()));
            }
        }
        return queues;
    }

    private static String workBucketPrefix(Object resource) {
        String text = resource.toString();
        if (!text.contains("WorkBucket")) {
            return null;
        }
        int slash = text.indexOf("/", text.indexOf("WorkBucket"));
        if (slash < 0 || !text.endsWith("*]]}")) {
            return null;
        }
        String tail = text.substring(slash + 1, text.length() - "*]]}".length());
        return tail.isEmpty() ? null : tail;
    }

    @SuppressWarnings("unchecked")
    private static List<String> actionsOf(Map<String, Object> statement) {
        Object action = statement.get("Action");
        return action instanceof List<?> list ? (List<String>) list : List.of((String) action);
    }

    private static List<Object> rawResources(Map<String, Object> statement) {
        Object resource = statement.get("Resource");
        return resource instanceof List<?> list ? List.copyOf(list) : List.of(resource);
    }

    private static List<Object> resourcesOf(Map<String, Object> statement) {
        return rawResources(statement);
    }
}
