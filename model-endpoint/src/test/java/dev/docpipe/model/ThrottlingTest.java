package dev.docpipe.model;

import static dev.docpipe.model.SageMakerClients.ENDPOINT;
import static dev.docpipe.model.SageMakerClients.invoke;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import software.amazon.awssdk.services.sagemakerruntime.SageMakerRuntimeClient;
import software.amazon.awssdk.services.sagemakerruntime.model.SageMakerRuntimeException;
import tools.jackson.databind.json.JsonMapper;

/** One engine and a short wait, so that the test can hold the only engine and see callers throttled. */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
        "spring.config.name=" + ModelEndpointApplication.SERVICE_NAME,
        "docpipe.model.pool-size=1",
        "docpipe.model.slot-wait=100ms"})
class ThrottlingTest {

    @LocalServerPort
    int port;

    @Autowired
    TesseractPool engines;

    @Autowired
    JsonMapper json;

    private final byte[] page = PageImages.png(PageImages.headline("Total 42"));

    // Own threads: the common pool may have a single worker here, which the holder would block.
    private final Executor threads = task -> Thread.ofVirtual().start(task);

    @Test
    void throttlesWhenEveryEngineStaysBusy() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Void> holder = holdTheOnlyEngine(release);
        try (SageMakerRuntimeClient client = SageMakerClients.withoutRetries(port)) {
            assertThatThrownBy(() -> invoke(client, ENDPOINT, "image/png", page))
                    .isInstanceOfSatisfying(SageMakerRuntimeException.class, e -> {
                        assertThat(e.statusCode()).isEqualTo(429);
                        assertThat(e.isThrottlingException()).isTrue();
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ThrottlingException");
                    });
        } finally {
            release.countDown();
            holder.get(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void succeedsAfterBackingOffOnceAnEngineFrees() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Void> holder = holdTheOnlyEngine(release);
        CompletableFuture.delayedExecutor(300, TimeUnit.MILLISECONDS, threads).execute(release::countDown);
        try (SageMakerRuntimeClient client = SageMakerClients.local(port)) {
            OcrResult result = json.readValue(invoke(client, ENDPOINT, "image/png", page).body().asByteArray(),
                    OcrResult.class);

            assertThat(result.text().toLowerCase(Locale.ROOT)).contains("total");
        } finally {
            release.countDown();
            holder.get(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void answersTextractCallersWithAThrottlingExceptionTheSdkRecognises() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Void> holder = holdTheOnlyEngine(release);
        try (var client = TextractClients.local(port)) {
            assertThatThrownBy(() -> TextractClients.detect(client, page))
                    .isInstanceOfSatisfying(software.amazon.awssdk.services.textract.model.TextractException.class, e -> {
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ThrottlingException");
                        assertThat(e.isThrottlingException()).isTrue();
                    });
        } finally {
            release.countDown();
            holder.get(5, TimeUnit.SECONDS);
        }
    }

    /** Borrows the engine on another thread and keeps it until released; returns once it is held. */
    private CompletableFuture<Void> holdTheOnlyEngine(CountDownLatch release) throws InterruptedException {
        CountDownLatch held = new CountDownLatch(1);
        CompletableFuture<Void> holder = CompletableFuture.runAsync(() -> engines.withEngine(engine -> {
            held.countDown();
            try {
                return release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }), threads);
        assertThat(held.await(5, TimeUnit.SECONDS)).isTrue();
        return holder;
    }
}
