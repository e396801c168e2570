package dev.docpipe.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class ObjectsCreatedTest {

    private final JsonMapper json = JsonMapper.builder().build();

    @Test
    void readsEveryRecordOfANotificationAsS3WritesIt() {
        String body = """
                {"Records":[
                  {"eventVersion":"2.1","eventSource":"aws:s3","awsRegion":"eu-west-1","eventTime":"2026-03-01T10:00:00.000Z",
                   "eventName":"ObjectCreated:Put","userIdentity":{"principalId":"AWS:X"},"requestParameters":{"sourceIPAddress":"1.2.3.4"},
                   "s3":{"s3SchemaVersion":"1.0","configurationId":"inbox","bucket":{"name":"in","ownerIdentity":{"principalId":"X"},"arn":"arn:aws:s3:::in"},
                         "object":{"key":"inbox/scan+of+2026%2B%C3%A9t%C3%A9.pdf","size":2048,"eTag":"abc","sequencer":"0062"}}},
                  {"eventVersion":"2.1","eventSource":"aws:s3","eventTime":"2026-03-01T10:00:01.000Z","eventName":"ObjectCreated:CompleteMultipartUpload",
                   "s3":{"bucket":{"name":"in"},"object":{"key":"inbox/big.pdf","size":104857600}}}]}""";

        ObjectsCreated notification = json.readValue(body, ObjectsCreated.class);

        assertThat(notification.isTestEvent()).isFalse();
        assertThat(notification.records()).hasSize(2);
        assertThat(ObjectsCreated.decodedKey(notification.records().get(0))).isEqualTo("inbox/scan of 2026+été.pdf");
        assertThat(notification.records().get(0).s3().object().size()).isEqualTo(2048);
        assertThat(notification.records().get(1).eventName()).isEqualTo("ObjectCreated:CompleteMultipartUpload");
        assertThat(notification.records().get(1).s3().bucket().name()).isEqualTo("in");
    }

    @Test
    void recognisesTheTestEventS3SendsWhenTheNotificationIsConfigured() {
        String body = """
                {"Service":"Amazon S3","Event":"s3:TestEvent","Time":"2026-03-01T09:59:00.000Z","Bucket":"in",
                 "RequestId":"5582815E1AEA5ADF","HostId":"8cLeGAmw098X5cv4Zkwcmo8vvZa3eH3eKxsPzbB9wrR+YstdA6Knx4Ip8EXAMPLE"}""";

        ObjectsCreated notification = json.readValue(body, ObjectsCreated.class);

        assertThat(notification.isTestEvent()).isTrue();
        assertThat(notification.bucket()).isEqualTo("in");
        assertThat(notification.records()).isEmpty();
    }

    @Test
    void roundTripsANotificationBuiltInCode() {
        ObjectsCreated sent = ObjectsCreated.of(S3EventNotification.objectCreated("in", "inbox/a.pdf", 10,
                java.time.Instant.parse("2026-03-01T10:00:00Z")).records());

        ObjectsCreated received = json.readValue(json.writeValueAsString(sent), ObjectsCreated.class);

        assertThat(received.records()).isEqualTo(sent.records());
        assertThat(received.isTestEvent()).isFalse();
    }
}
