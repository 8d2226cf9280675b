package dev.dbops.common.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dbops.common.cloudevents.RejectedEventException;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.listener.ListenerExecutionFailedException;

class DeadLettersTest {

    @Test
    void theReasonOfARecordFailedInABatchIsItsOwnCauseNotTheBatchWrapper() {
        Exception thrown = new ListenerExecutionFailedException("Listener failed", new BatchListenerFailedException(
                "record 3 of the batch failed", new RejectedEventException("unknown ce_type 'x'"), 3));

        assertThat(DeadLetters.reason(thrown)).isEqualTo("rejected: unknown ce_type 'x'");
    }

    @Test
    void aPermanentFailureThatIsNoRejectionSaysItFailed() {
        Exception thrown = new ListenerExecutionFailedException("Listener failed",
                new ClassCastException("not a BackupRequested"));

        assertThat(DeadLetters.reason(thrown)).isEqualTo("failed: not a BackupRequested");
    }
}
