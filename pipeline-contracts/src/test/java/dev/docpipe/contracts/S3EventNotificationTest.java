package dev.docpipe.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class S3EventNotificationTest {

    private final JsonMapper json = JsonMapper.builder().build();

    @Test
    void readsThePageFromAnEventAsS3WritesIt() {
        UUID doc = UUID.randomUUID();
        String event = """
                {"Records":[{"eventVersion":"2.1","eventSource":"aws:s3","awsRegion":"eu-west-1",
                  "eventTime":"2026-01-01T00:00:00.000Z","eventName":"ObjectCreated:Put",
                  "userIdentity":{"principalId":"AWS:X"},
                  "s3":{"s3SchemaVersion":"1.0","configurationId":"pages","bucket":{"name":"work","arn":"arn:aws:s3:::work"},
                        "object":{"key":"pages/%s/12.png","size":1024,"eTag":"x","sequencer":"0"}}}]}
                """.formatted(doc);

        S3EventNotification notification = json.readValue(event, S3EventNotification.class);

        assertThat(notification.page()).isEqualTo(new PageRef("work", "pages/" + doc + "/12.png", doc, 12));
        assertThat(notification.documentId()).isEqualTo(doc);
        assertThat(notification.pageNumber()).isEqualTo(12);
    }

    @Test
    void roundTripsTheConvertersOwnNotification() {
        UUID doc = UUID.randomUUID();
        S3EventNotification sent = S3EventNotification.objectCreated(
                "work", ObjectKeys.pageImage(doc, 3), 99, Instant.parse("2026-01-01T00:00:00Z"));

        String body = json.writeValueAsString(sent);
        S3EventNotification received = json.readValue(body, S3EventNotification.class);

        assertThat(body).contains("\"Records\"").contains("\"object\"");
        assertThat(received.page().pageNumber()).isEqualTo(3);
        assertThat(received.page().documentId()).isEqualTo(doc);
    }

    @Test
    void rejectsAKeyOutsideThePageLayout() {
        assertThatThrownBy(() -> ObjectKeys.parsePageImage("work", "uploads/evil.png"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
