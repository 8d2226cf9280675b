package dev.dbops.common.testing;

import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * The Kafka broker integration tests talk to: {@code KAFKA_BOOTSTRAP_SERVERS} when set (e.g. the local
 * stack's standalone broker), Testcontainers with {@code -Ddbops.test.kafka=testcontainers} where Docker
 * runs (skipped where it does not), otherwise one in-process KRaft broker shared by the whole test JVM.
 */
public final class TestKafka {

    private static String bootstrapServers;

    private TestKafka() {
    }

    public static synchronized String bootstrapServers() {
        if (bootstrapServers == null) {
            bootstrapServers = start();
        }
        return bootstrapServers;
    }

    /** Points Spring Kafka at the broker and gives the test class its own topics and consumer group. */
    public static void register(DynamicPropertyRegistry registry, String testName) {
        registry.add("spring.kafka.bootstrap-servers", TestKafka::bootstrapServers);
        registry.add("dbops.kafka.topic-prefix", () -> topicPrefix(testName));
        registry.add("dbops.kafka.partitions", () -> "2");
        registry.add("spring.kafka.consumer.group-id", () -> topicPrefix(testName) + "group");
    }

    /** Each test class gets its own topics, so records of one class never reach another's listeners. */
    public static String topicPrefix(String testName) {
        return "t-" + testName.toLowerCase().replaceAll("[^a-z0-9]", "") + ".";
    }

    private static String start() {
        String external = System.getenv("KAFKA_BOOTSTRAP_SERVERS");
        if (external != null && !external.isBlank()) {
            return external;
        }
        if ("testcontainers".equals(System.getProperty("dbops.test.kafka"))) {
            return TestcontainersKafka.start();
        }
        EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 1);
        broker.brokerProperty("auto.create.topics.enable", "false");
        broker.brokerProperty("group.initial.rebalance.delay.ms", "0");
        broker.afterPropertiesSet();
        Runtime.getRuntime().addShutdownHook(new Thread(broker::destroy, "test-kafka-shutdown"));
        return broker.getBrokersAsString();
    }
}
