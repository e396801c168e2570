package dev.docpipe.deploy;

import dev.docpipe.contracts.ObjectKeys;
import dev.docpipe.contracts.PipelineQueue;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.services.cognito.CognitoDomainOptions;
import software.amazon.awscdk.services.cognito.OAuthFlows;
import software.amazon.awscdk.services.cognito.OAuthScope;
import software.amazon.awscdk.services.cognito.OAuthSettings;
import software.amazon.awscdk.services.cognito.ResourceServerScope;
import software.amazon.awscdk.services.cognito.UserPool;
import software.amazon.awscdk.services.cognito.UserPoolClientOptions;
import software.amazon.awscdk.services.cognito.UserPoolDomainOptions;
import software.amazon.awscdk.services.cognito.UserPoolResourceServer;
import software.amazon.awscdk.services.cognito.UserPoolResourceServerOptions;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.autoscaling.AutoScalingGroup;
import software.amazon.awscdk.services.ec2.InstanceClass;
import software.amazon.awscdk.services.ec2.InstanceSize;
import software.amazon.awscdk.services.ec2.InstanceType;
import software.amazon.awscdk.services.ec2.SubnetConfiguration;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.ecs.AsgCapacityProvider;
import software.amazon.awscdk.services.ecs.Cluster;
import software.amazon.awscdk.services.ecs.ContainerInsights;
import software.amazon.awscdk.services.ecs.EcsOptimizedImage;
import software.amazon.awscdk.services.elasticloadbalancingv2.AddApplicationTargetsProps;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationListener;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationLoadBalancer;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationProtocol;
import software.amazon.awscdk.services.elasticloadbalancingv2.BaseApplicationListenerProps;
import software.amazon.awscdk.services.elasticloadbalancingv2.HealthCheck;
import software.amazon.awscdk.services.elasticloadbalancingv2.ListenerCertificate;
import software.amazon.awscdk.services.elasticloadbalancingv2.SslPolicy;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.rds.AuroraPostgresEngineVersion;
import software.amazon.awscdk.services.rds.ClusterInstance;
import software.amazon.awscdk.services.rds.Credentials;
import software.amazon.awscdk.services.rds.DatabaseCluster;
import software.amazon.awscdk.services.rds.DatabaseClusterEngine;
import software.amazon.awscdk.services.rds.AuroraPostgresClusterEngineProps;
import software.amazon.awscdk.services.s3.BlockPublicAccess;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.BucketEncryption;
import software.amazon.awscdk.services.s3.EventType;
import software.amazon.awscdk.services.s3.IBucket;
import software.amazon.awscdk.services.s3.NotificationKeyFilter;
import software.amazon.awscdk.services.s3.notifications.SqsDestination;
import software.amazon.awscdk.services.sns.Topic;
import software.amazon.awscdk.services.sns.subscriptions.EmailSubscription;
import software.amazon.awscdk.services.sns.subscriptions.SqsSubscription;
import software.constructs.Construct;

/**
 * docpipe on AWS: a VPC, an ECS cluster with one service per pipeline stage, the queue topology
 * with its alarms, the work bucket (SSE-KMS) whose new page images feed the inference queue,
 * Aurora PostgreSQL Serverless v2, Textract's completion topic, and the API behind an HTTPS load
 * balancer. Nothing here looks anything up in an account, so it synthesizes offline.
 */
public final class DocpipeStack extends Stack {

    private final QueueTopology queues;
    private final Map<PipelineService, ServiceDeployment> services = new EnumMap<>(PipelineService.class);

    public DocpipeStack(Construct scope, String id, StackProps props, DeploySettings settings) {
        super(scope, id, props);

        Vpc vpc = Vpc.Builder.create(this, "Vpc")
                .maxAzs(2)
                // One NAT gateway: the tasks reach AWS APIs through it; two would double a fixed cost for AZ resilience.
                .natGateways(1)
                .subnetConfiguration(List.of(
                        SubnetConfiguration.builder().name("public").subnetType(SubnetType.PUBLIC).cidrMask(24).build(),
                        SubnetConfiguration.builder().name("private").subnetType(SubnetType.PRIVATE_WITH_EGRESS).cidrMask(20).build(),
                        SubnetConfiguration.builder().name("database").subnetType(SubnetType.PRIVATE_ISOLATED).cidrMask(24).build()))
                .build();
        // S3 traffic (every page, several times) stays off the NAT gateway.
        vpc.addGatewayEndpoint("S3Endpoint", software.amazon.awscdk.services.ec2.GatewayVpcEndpointOptions.builder()
                .service(software.amazon.awscdk.services.ec2.GatewayVpcEndpointAwsService.S3).build());

        Cluster cluster = Cluster.Builder.create(this, "Cluster")
                .vpc(vpc)
                .clusterName("docpipe")
                // RunningTaskCount, which backlog-per-task scaling divides by, comes from Container Insights.
                .containerInsightsV2(ContainerInsights.ENABLED)
                .build();
        AsgCapacityProvider memoryOptimised = AsgCapacityProvider.Builder.create(this, "MemoryOptimised")
                .autoScalingGroup(AutoScalingGroup.Builder.create(this, "MemoryOptimisedInstances")
                        .vpc(vpc)
                        .vpcSubnets(SubnetSelection.builder().subnetType(SubnetType.PRIVATE_WITH_EGRESS).build())
                        .instanceType(InstanceType.of(InstanceClass.R6I, InstanceSize.XLARGE))
                        // Resolved from SSM's public parameter at deploy time, not looked up at synth.
                        .machineImage(EcsOptimizedImage.amazonLinux2023())
                        .minCapacity(0)
                        .maxCapacity(PipelineService.LARGE_DOC_WORKER.maxTasks())
                        .requireImdsv2(true)
                        .build())
                .enableManagedScaling(true)
                .enableManagedTerminationProtection(false)
                .build();
        cluster.addAsgCapacityProvider(memoryOptimised);

        Topic alarms = Topic.Builder.create(this, "Alarms").displayName("docpipe alarms").enforceSsl(true).build();
        if (settings.alarmEmail() != null) {
            alarms.addSubscription(new EmailSubscription(settings.alarmEmail()));
        }
        this.queues = new QueueTopology(this, "Queues", settings.queuePrefix(), alarms);

        Key key = Key.Builder.create(this, "DataKey")
                .description("docpipe: documents, page images and results at rest")
                .enableKeyRotation(true)
                .build();
        Bucket workBucket = bucket("WorkBucket", key);
        // Every new page image goes to inference: S3 announces it in the shape the dispatcher reads.
        // Only pages/ and only .png: annotated/ images must never be inferred again.
        workBucket.addEventNotification(EventType.OBJECT_CREATED, new SqsDestination(queues.source(PipelineQueue.PAGE_CONVERTED)),
                NotificationKeyFilter.builder().prefix(pagePrefix()).suffix(".png").build());
        List<IBucket> inputBuckets = new ArrayList<>();
        Bucket inputBucket = bucket("InputBucket", key);
        // The stack's own input bucket comes first: uploads to POST /documents are stored there.
        inputBuckets.add(inputBucket);
        if (!settings.rollingPrefix().isEmpty()) {
            // Every new object under the rolling prefix joins its rolling batch of the day (ingestion-service).
            inputBucket.addEventNotification(EventType.OBJECT_CREATED, new SqsDestination(queues.source(PipelineQueue.OBJECT_CREATED)),
                    NotificationKeyFilter.builder().prefix(settings.rollingPrefix()).build());
        }
        for (String name : settings.inputBuckets()) {
            inputBuckets.add(Bucket.fromBucketName(this, "Input-" + name, name));
        }

        // Textract announces asynchronous jobs here; the dispatcher reads SNS's envelope, so raw delivery stays off.
        Topic textractCompleted = Topic.Builder.create(this, "TextractCompleted").enforceSsl(true).build();
        textractCompleted.addSubscription(new SqsSubscription(queues.source(PipelineQueue.TEXTRACT_COMPLETED),
                software.amazon.awscdk.services.sns.subscriptions.SqsSubscriptionProps.builder().rawMessageDelivery(false).build()));
        Role textractPublisher = Role.Builder.create(this, "TextractPublisher")
                .assumedBy(new ServicePrincipal("textract.amazonaws.com"))
                .description("Textract publishes docpipe's job completions to its topic")
                .build();
        textractCompleted.grantPublish(textractPublisher);

        DatabaseCluster database = DatabaseCluster.Builder.create(this, "Database")
                .engine(DatabaseClusterEngine.auroraPostgres(AuroraPostgresClusterEngineProps.builder()
                        .version(AuroraPostgresEngineVersion.VER_16_6).build()))
                .credentials(Credentials.fromGeneratedSecret("docpipe"))
                .defaultDatabaseName(Platform.DATABASE_NAME)
                .writer(ClusterInstance.serverlessV2("writer"))
                .serverlessV2MinCapacity(0.5)
                .serverlessV2MaxCapacity(16)
                .vpc(vpc)
                .vpcSubnets(SubnetSelection.builder().subnetType(SubnetType.PRIVATE_ISOLATED).build())
                .storageEncrypted(true)
                .storageEncryptionKey(key)
                .backup(software.amazon.awscdk.services.rds.BackupProps.builder().retention(Duration.days(7)).build())
                .removalPolicy(RemovalPolicy.SNAPSHOT)
                .build();

        String apiTokenIssuer = apiUsers();
        Platform platform = new Platform(settings, vpc, cluster, memoryOptimised, queues, workBucket, inputBuckets, database,
                textractCompleted, textractPublisher, apiTokenIssuer);
        for (PipelineService service : PipelineService.values()) {
            services.put(service, new ServiceDeployment(this, pascal(service.module()), service, platform));
        }
        api(vpc, settings, services.get(PipelineService.INGESTION_SERVICE));
        new MigrationTask(this, "Migrations", platform);
    }

    /**
     * Who may call the API: a Cognito user pool whose resource server {@code docpipe} has the
     * scopes {@code read} and {@code write}, the names the ingestion service checks in a JWT's
     * {@code scope} claim ({@code docpipe/read}, {@code docpipe/write}). Machines get tokens with
     * the client-credentials grant of the two app clients, one reading, one reading and writing;
     * people can be given clients of their own. No one signs up by themselves.
     *
     * @return the issuer of the pool's tokens, which the service checks them against
     */
    private String apiUsers() {
        UserPool pool = UserPool.Builder.create(this, "ApiUsers")
                .selfSignUpEnabled(false)
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();
        ResourceServerScope read = ResourceServerScope.Builder.create().scopeName("read").scopeDescription("read batches and reports").build();
        ResourceServerScope write = ResourceServerScope.Builder.create().scopeName("write")
                .scopeDescription("start, pause, resume, cancel and reprocess batches; redrive dead letters").build();
        UserPoolResourceServer api = pool.addResourceServer("Api", UserPoolResourceServerOptions.builder()
                .identifier("docpipe").scopes(List.of(read, write)).build());
        pool.addDomain("TokenDomain", UserPoolDomainOptions.builder()
                .cognitoDomain(CognitoDomainOptions.builder().domainPrefix("docpipe-" + Aws.ACCOUNT_ID).build()).build());
        pool.addClient("Operators", UserPoolClientOptions.builder()
                .generateSecret(true)
                .oAuth(OAuthSettings.builder()
                        .flows(OAuthFlows.builder().clientCredentials(true).build())
                        .scopes(List.of(OAuthScope.resourceServer(api, read), OAuthScope.resourceServer(api, write)))
                        .build())
                .build());
        pool.addClient("Readers", UserPoolClientOptions.builder()
                .generateSecret(true)
                .oAuth(OAuthSettings.builder()
                        .flows(OAuthFlows.builder().clientCredentials(true).build())
                        .scopes(List.of(OAuthScope.resourceServer(api, read)))
                        .build())
                .build());
        CfnOutput.Builder.create(this, "ApiTokenIssuer").value(pool.getUserPoolProviderUrl()).build();
        return pool.getUserPoolProviderUrl();
    }

    private Bucket bucket(String id, Key key) {
        return Bucket.Builder.create(this, id)
                .encryption(BucketEncryption.KMS)
                .encryptionKey(key)
                // One data key per bucket, not one KMS request per object: millions of pages cost KMS calls otherwise.
                .bucketKeyEnabled(true)
                .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
                .enforceSsl(true)
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();
    }

    private void api(Vpc vpc, DeploySettings settings, ServiceDeployment ingestion) {
        ApplicationLoadBalancer alb = ApplicationLoadBalancer.Builder.create(this, "Api")
                .vpc(vpc)
                .internetFacing(settings.publicApi())
                .build();
        ApplicationListener https = alb.addListener("Https", BaseApplicationListenerProps.builder()
                .protocol(ApplicationProtocol.HTTPS)
                .port(443)
                .certificates(List.of(ListenerCertificate.fromArn(settings.certificateArn())))
                .sslPolicy(SslPolicy.RECOMMENDED_TLS)
                .build());
        https.addTargets("Ingestion", AddApplicationTargetsProps.builder()
                .protocol(ApplicationProtocol.HTTP)
                .port(ingestion.service().port())
                .targets(List.of(ingestion.ecsService()))
                // Readiness, not liveness: a task that cannot serve yet gets no requests but is not restarted.
                .healthCheck(HealthCheck.builder().path("/actuator/health/readiness").healthyHttpCodes("200").build())
                .deregistrationDelay(Duration.seconds(30))
                .build());
        CfnOutput.Builder.create(this, "ApiUrl").value("https://" + alb.getLoadBalancerDnsName()).build();
    }

    public QueueTopology queues() {
        return queues;
    }

    public ServiceDeployment service(PipelineService service) {
        return services.get(service);
    }

    static String pagePrefix() {
        String key = ObjectKeys.pageImage(new UUID(0, 0), 1);
        return key.substring(0, key.indexOf('/') + 1);
    }

    static String pascal(String module) {
        return QueueTopology.camel(module);
    }
}
