package dev.docpipe.dispatcher;

import dev.docpipe.model.ModelEndpointApplication;
import dev.docpipe.testing.TestInfrastructure;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The local model endpoint for this JVM's tests, started on first use with the test
 * infrastructure's S3 and SQS (as the embedded runner starts it), and closed when the JVM ends.
 */
public final class LocalModelEndpoint {

    private static ConfigurableApplicationContext context;

    private LocalModelEndpoint() {}

    public static synchronized String url() {
        if (context == null) {
            TestInfrastructure infra = TestInfrastructure.shared();
            List<String> args = new ArrayList<>(List.of("--server.port=0", "--docpipe.model.pool-size=1", "--spring.main.banner-mode=off"));
            infra.springProperties().forEach((k, v) -> args.add("--" + k + "=" + v));
            infra.endpoints().modelEndpointProperties().forEach((k, v) -> args.add("--" + k + "=" + v));
            context = ModelEndpointApplication.builder().run(args.toArray(String[]::new));
            Runtime.getRuntime().addShutdownHook(new Thread(context::close));
        }
        return "http://127.0.0.1:" + ((WebServerApplicationContext) context).getWebServer().getPort();
    }
}
