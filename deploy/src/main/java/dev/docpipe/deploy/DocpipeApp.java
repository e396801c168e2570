package dev.docpipe.deploy;

import software.amazon.awscdk.App;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.StackProps;

/** The CDK app: {@code cdk deploy -c certificateArn=...} from the deploy folder (see README, "Deploy to AWS"). */
public final class DocpipeApp {

    private DocpipeApp() {}

    public static void main(String[] args) {
        App app = new App();
        new DocpipeStack(app, "Docpipe", StackProps.builder()
                .env(Environment.builder()
                        .account(System.getenv("CDK_DEFAULT_ACCOUNT"))
                        .region(System.getenv("CDK_DEFAULT_REGION"))
                        .build())
                .description("docpipe: document pre-processing and inference pipeline")
                .build(), DeploySettings.fromContext(app.getNode()));
        app.synth();
    }
}
