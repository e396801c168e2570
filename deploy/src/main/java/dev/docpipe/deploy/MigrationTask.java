package dev.docpipe.deploy;

import java.util.List;
import java.util.Map;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.ecs.AwsLogDriverProps;
import software.amazon.awscdk.services.ecs.ContainerDefinitionOptions;
import software.amazon.awscdk.services.ecs.FargateTaskDefinition;
import software.amazon.awscdk.services.ecs.LogDriver;
import software.amazon.awscdk.services.ecs.Secret;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.constructs.Construct;

/**
 * The schema migration job as a one-off Fargate task, for running it by hand (every service task
 * also runs it first, see {@link #container}): the stack prints the {@code aws ecs run-task}
 * command (output {@code MigrateCommand}), which the
 * deploy steps in the README run after every {@code cdk deploy} that changes the schema. Its task
 * role has no permissions at all: it only talks to the database.
 */
final class MigrationTask extends Construct {

    /**
     * The migration job as a container: the one-off task's, and the first container of every
     * service task, which starts the service only once it exited 0. Flyway takes a lock, so tasks
     * starting together migrate once; when the schema is current it is done in seconds.
     */
    static ContainerDefinitionOptions container(Construct scope, Platform platform, LogGroup logs, boolean essential) {
        return ContainerDefinitionOptions.builder()
                .image(ServiceDeployment.image(scope, "MigrationsRepository", platform.settings(), "db-migrations"))
                .essential(essential)
                .environment(Map.of("SPRING_DATASOURCE_URL", platform.jdbcUrl()))
                .secrets(Map.of(
                        "SPRING_DATASOURCE_USERNAME", Secret.fromSecretsManager(platform.database().getSecret(), "username"),
                        "SPRING_DATASOURCE_PASSWORD", Secret.fromSecretsManager(platform.database().getSecret(), "password")))
                .logging(LogDriver.awsLogs(AwsLogDriverProps.builder().logGroup(logs).streamPrefix("db-migrations").build()))
                .build();
    }

    MigrationTask(Construct scope, String id, Platform platform) {
        super(scope, id);
        FargateTaskDefinition task = FargateTaskDefinition.Builder.create(this, "Task")
                .family("docpipe-db-migrations")
                .cpu(256)
                .memoryLimitMiB(512)
                .build();
        LogGroup logs = LogGroup.Builder.create(this, "Logs")
                .logGroupName("/docpipe/db-migrations")
                .retention(RetentionDays.ONE_MONTH)
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();
        task.addContainer("app", container(this, platform, logs, true));
        SecurityGroup group = SecurityGroup.Builder.create(this, "SecurityGroup")
                .vpc(platform.vpc())
                .description("docpipe schema migration task")
                .build();
        platform.database().getConnections().allowDefaultPortFrom(group, "the migration job changes the schema");

        List<String> subnets = platform.vpc().selectSubnets(SubnetSelection.builder().subnetType(SubnetType.PRIVATE_WITH_EGRESS).build())
                .getSubnetIds();
        CfnOutput.Builder.create(this, "MigrateCommand")
                .description("Runs the schema migrations; wait for exit code 0 before sending batches")
                .value("aws ecs run-task --cluster " + platform.cluster().getClusterName()
                        + " --launch-type FARGATE --task-definition " + task.getFamily()
                        + " --network-configuration 'awsvpcConfiguration={subnets=[" + String.join(",", subnets)
                        + "],securityGroups=[" + group.getSecurityGroupId() + "],assignPublicIp=DISABLED}'")
                .build();
    }
}
