package dev.dbops.common.cloudevents;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dbops.common.event.MigrationRequested;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CloudEventDeserializerTest {

    private final CloudEventDeserializer deserializer = new CloudEventDeserializer(256,
            Map.of("dbops.backup.events", "/dbops/backup-service"));
    private RecordHeaders headers;

    @BeforeEach
    void kcatStyleHeaders() {
        headers = new RecordHeaders();
        header("ce_specversion", "1.0");
        header("ce_id", "e-1");
        header("ce_source", "/ops/alice");
        header("ce_type", "dev.dbops.migration-requested.v1");
        header("ce_time", "2026-11-21T10:00:00Z");
        header("ce_subject", "orders");
        header("content-type", "application/json");
    }

    private void header(String name, String value) {
        headers.remove(name);
        headers.add(name, value.getBytes(UTF_8));
    }

    private CloudEvent<?> read(String json) {
        return deserializer.deserialize("t", headers, json.getBytes(UTF_8));
    }

    @Test
    void readsAMinimalRequestWithDefaultsForOptionalFields() {
        header("ce_correlationid", "saga-9");
        CloudEvent<?> event = read("{\"requestId\":\"r\",\"target\":\"orders\",\"requestedBy\":\"a\",\"reason\":\"b\",\"newField\":1}");
        assertThat(event.data()).isEqualTo(new MigrationRequested("r", "orders", null, false, null, "a", "b", false));
        assertThat(event.id()).isEqualTo("e-1");
        assertThat(event.source()).isEqualTo("/ops/alice");
        assertThat(event.time()).isEqualTo(Instant.parse("2026-11-21T10:00:00Z"));
        assertThat(event.sagaId()).isEqualTo("saga-9");
    }

    @Test
    void aFactIsReadOnlyFromItsOwnersSource() {
        header("ce_type", "dev.dbops.backup-expired.v1");
        String expired = "{\"backupId\":\"b\",\"target\":\"orders\",\"expiredAt\":\"2026-11-22T10:00:00Z\","
                + "\"backupCompletedAt\":\"2026-11-21T10:00:00Z\"}";
        assertThatThrownBy(() -> read(expired)).isInstanceOf(InvalidEventException.class).hasMessage(
                "dev.dbops.backup-expired.v1 from source '/ops/alice': only its owner '/dbops/backup-service' states"
                        + " facts on dbops.backup.events");

        header("ce_source", "/dbops/backup-service");
        assertThat(read(expired).source()).isEqualTo("/dbops/backup-service");
    }

    @Test
    void theSagaOfARequestWithoutCorrelationIsItsOwnId() {
        assertThat(read("{\"requestId\":\"r\",\"target\":\"orders\",\"requestedBy\":\"a\",\"reason\":\"b\"}").sagaId())
                .isEqualTo("e-1");
    }

    @Test
    void rejectsEachBrokenPartWithItsReason() {
        String valid = "{\"requestId\":\"r\",\"target\":\"orders\",\"requestedBy\":\"a\",\"reason\":\"b\"}";
        assertThatThrownBy(() -> read("{\"requestId\":\"r\",\"target\":\"orders\",\"reason\":\"b\"}"))
                .isInstanceOf(InvalidEventException.class).hasMessage("required field 'requestedBy' is missing");
        assertThatThrownBy(() -> read("[1,2"))
                .isInstanceOf(InvalidEventException.class).hasMessageStartingWith("payload is not a valid");
        assertThatThrownBy(() -> read("null")).hasMessageContaining("empty");
        assertThatThrownBy(() -> read("{\"requestId\":\"r\",\"target\":\"" + "x".repeat(300) + "\"}"))
                .hasMessageContaining("exceeds the limit of 256 bytes");
        header("ce_subject", "billing");
        assertThatThrownBy(() -> read(valid)).hasMessageContaining("ce_subject 'billing' does not match");
        header("ce_subject", "orders");
        header("content-type", "application/avro");
        assertThatThrownBy(() -> read(valid)).hasMessageContaining("unsupported content-type");
        header("content-type", "application/json");
        header("ce_time", "yesterday");
        assertThatThrownBy(() -> read(valid)).hasMessageContaining("ce_time 'yesterday'");
        header("ce_time", "2026-11-21T10:00:00Z");
        header("ce_specversion", "0.3");
        assertThatThrownBy(() -> read(valid)).hasMessageContaining("unsupported ce_specversion '0.3'");
        header("ce_specversion", "1.0");
        headers.remove("ce_id");
        assertThatThrownBy(() -> read(valid)).hasMessage("required header 'ce_id' is missing");
    }

    @Test
    void rejectsARecordWithoutHeaders() {
        assertThatThrownBy(() -> deserializer.deserialize("t", "{}".getBytes(UTF_8)))
                .isInstanceOf(InvalidEventException.class).hasMessageContaining("binary mode");
    }

    @Test
    void rejectsNullElementsAndMissingFieldsInNestedRecords() {
        header("ce_type", "dev.dbops.migration-completed.v1");
        assertThatThrownBy(() -> read("{\"requestId\":\"r\",\"target\":\"orders\",\"durationMs\":1,"
                + "\"completedAt\":\"2026-11-21T10:00:00Z\",\"applied\":[{\"version\":\"1\"}]}"))
                .hasMessage("required field 'applied[0].description' is missing");
    }
}
