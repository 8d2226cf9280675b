package dev.dbops.common.testing;

import org.junit.jupiter.api.Assumptions;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;

/** Kafka in a container, for machines with Docker; tests are skipped cleanly where none runs. */
final class TestcontainersKafka {

    private TestcontainersKafka() {
    }

    static String start() {
        Assumptions.assumeTrue(DockerClientFactory.instance().isDockerAvailable(),
                "-Ddbops.test.kafka=testcontainers needs a Docker engine, and none runs here");
        KafkaContainer kafka = new KafkaContainer("apache/kafka:4.2.0");
        kafka.start();
        return kafka.getBootstrapServers();
    }
}
