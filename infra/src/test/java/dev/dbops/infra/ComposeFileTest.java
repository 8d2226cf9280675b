package dev.dbops.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docker-compose.yml agrees with the services (ports, environment keys they read, keys they need)
 * and with docs/asyncapi.yaml (the topics the init container creates).
 */
class ComposeFileTest {

    @Nested
    class TheRepository {

        private final ComposeChecks checks = new ComposeChecks(Repo.root());

        @Test
        void eachServicePublishesItsServerPort() {
            assertThat(checks.portProblems()).isEmpty();
        }

        @Test
        void everyEnvironmentKeyGivenToAServiceIsOneItReads() {
            assertThat(checks.unknownEnvProblems()).isEmpty();
        }

        @Test
        void theConventionalKeysAreGiven() {
            assertThat(checks.missingEnvProblems()).isEmpty();
        }

        @Test
        void theInitContainerCreatesTheDocumentedTopicsAndTheirDeadLetterTopics() {
            assertThat(checks.topicProblems()).isEmpty();
        }

        @Test
        void imagesKafkaAndPostgresAreWiredAsTheServicesExpect() {
            assertThat(checks.wiringProblems()).isEmpty();
        }
    }

    /** The checks themselves, on a small repository of our own. */
    @Nested
    class OnAFixture {

        @TempDir
        Path root;

        @BeforeEach
        void writeFixture() throws IOException {
            Repo.SERVICES.forEach((svc, pkg) -> {
                int port = Map.of("migration-service", 8081, "backup-service", 8082, "monitor-service", 8083,
                        "alert-service", 8084).get(svc);
                String extra = svc.equals("alert-service") ? """
                          slack:
                            webhook-url: ${DBOPS_SLACK_WEBHOOK_URL:}
                          pagerduty:
                            routing-key: ${DBOPS_PAGERDUTY_ROUTING_KEY:}
                            events-url: ${DBOPS_PAGERDUTY_EVENTS_URL:https://events.pagerduty.com/v2/enqueue}
                        spring.mail:
                          host: ${DBOPS_SMTP_HOST:localhost}
                          port: ${DBOPS_SMTP_PORT:25}
                        """ : "";
                write(svc + "/src/main/resources/application.yml", """
                        server:
                          port: %s
                        spring:
                          datasource:
                            url: ${DBOPS_DB_URL:jdbc:postgresql://127.0.0.1:5433/dbops}
                            username: ${DBOPS_DB_USERNAME:postgres}
                            password: ${DBOPS_DB_PASSWORD:}
                          kafka:
                            bootstrap-servers: ${KAFKA_BOOTSTRAP_SERVERS:127.0.0.1:9092}
                            consumer:
                              group-id: dbops-%s
                        dbops:
                          api:
                            token: ${DBOPS_API_TOKEN:}
                        %s
                        ---
                        spring.config.activate.on-profile: other
                        server.port: 9999
                        """.formatted(svc.equals("backup-service") ? "${SERVER_PORT:8082}" : port, svc,
                        extra));
                write(svc + "/Dockerfile", """
                        FROM eclipse-temurin:17-jre
                        COPY target/%s-0.1.0-SNAPSHOT.jar /app/app.jar
                        EXPOSE %d
                        """.formatted(svc, port));
            });
            write("docs/asyncapi.yaml", """
                    asyncapi: 3.0.0
                    channels:
                      migrationRequests:
                        address: dbops.migration.requests
                      migrationEvents:
                        address: dbops.migration.events
                      migrationRequestsDlt:
                        address: dbops.migration.requests-dlt
                    """);
            write("docker-compose.yml", compose());
        }

        private String compose() {
            return """
                    x-env: &env
                      KAFKA_BOOTSTRAP_SERVERS: kafka:29092
                      DBOPS_DB_URL: jdbc:postgresql://postgres:5432/dbops
                      DBOPS_DB_USERNAME: postgres
                      DBOPS_DB_PASSWORD: x
                      DBOPS_API_TOKEN: t
                      DBOPS_TARGETS_DEMO_URL: jdbc:postgresql://postgres:5432/dbops_demo
                      DBOPS_TARGETS_DEMO_PASSWORDFILE: /run/secrets/demo
                      DBOPS_SECURITY_ALLOWEDSOURCES: "*"
                    services:
                      kafka:
                        image: apache/kafka:4.3.1
                        environment:
                          KAFKA_AUTO_CREATE_TOPICS_ENABLE: "false"
                      postgres:
                        image: postgres:15
                        command: ["postgres", "-c", "shared_preload_libraries=pg_stat_statements"]
                      topic-init:
                        image: apache/kafka:4.3.1
                        environment:
                          TOPICS: >-
                            dbops.migration.requests dbops.migration.requests-dlt
                            dbops.migration.events dbops.migration.events-dlt
                      migration-service:
                        build: ./migration-service
                        ports: ["8081:8081"]
                        environment: *env
                      backup-service:
                        build: {context: ./backup-service}
                        ports: ["127.0.0.1:8082:8082/tcp"]
                        environment:
                          <<: *env
                      monitor-service:
                        build: ./monitor-service
                        ports: [{target: 8083, published: 8083}]
                        environment:
                          - KAFKA_BOOTSTRAP_SERVERS=kafka:29092
                          - DBOPS_DB_URL=jdbc:postgresql://postgres:5432/dbops
                          - DBOPS_DB_USERNAME=postgres
                          - DBOPS_DB_PASSWORD=x
                          - DBOPS_API_TOKEN=t
                          - SPRING_PROFILES_ACTIVE=docker
                      alert-service:
                        build: ./alert-service
                        ports: ["8084:8084"]
                        environment:
                          <<: *env
                          DBOPS_SLACK_WEBHOOK_URL: ""
                          DBOPS_PAGERDUTY_ROUTING_KEY: ""
                          DBOPS_PAGERDUTY_EVENTS_URL: http://pd
                          DBOPS_SMTP_HOST: mailpit
                          DBOPS_SMTP_PORT: 1025
                      mailpit:
                        image: axllent/mailpit
                    """;
        }

        @Test
        void aConsistentRepositoryHasNoProblems() {
            ComposeChecks checks = new ComposeChecks(root);
            assertThat(checks.portProblems()).isEmpty();
            assertThat(checks.unknownEnvProblems()).isEmpty();
            assertThat(checks.missingEnvProblems()).isEmpty();
            assertThat(checks.topicProblems()).isEmpty();
            assertThat(checks.wiringProblems()).isEmpty();
        }

        @Test
        void aPortOtherThanServerPortIsReported() {
            replace("docker-compose.yml", "\"8081:8081\"", "\"8091:8081\"");
            replace("monitor-service/src/main/resources/application.yml", "port: 8083", "port: 8093");
            assertThat(new ComposeChecks(root).portProblems()).containsExactlyInAnyOrder(
                    "migration-service: server.port 8081 is published on host port 8091",
                    "monitor-service: no port mapping to its server.port 8093 (ports: [{target=8083, published=8083}])",
                    "monitor-service: maps container port 8083 but the service listens on 8093");
        }

        @Test
        void aKeyNoServiceReadsIsReported() {
            replace("docker-compose.yml", "  DBOPS_API_TOKEN: t\n", "  DBOPS_API_TOKEN: t\n  DBOPS_DB_URLL: typo\n");
            replace("docker-compose.yml", "DBOPS_SMTP_PORT: 1025", "DBOPS_SMTP_PORT: 1025\n      DBOPS_TARGETS_DEMO_HOST: h");
            assertThat(new ComposeChecks(root).unknownEnvProblems())
                    .hasSize(4)
                    .anyMatch(p -> p.startsWith("alert-service is given DBOPS_TARGETS_DEMO_HOST"))
                    .filteredOn(p -> p.contains("DBOPS_DB_URLL"))
                    .extracting(p -> p.substring(0, p.indexOf(' ')))
                    .containsExactlyInAnyOrder("migration-service", "backup-service", "alert-service");
        }

        @Test
        void aServiceReadsItsPlaceholdersAndTheRelaxedFormOfItsProperties() {
            ComposeChecks checks = new ComposeChecks(root);
            ComposeChecks.Readable monitor = checks.readable("monitor-service");
            assertThat(monitor.reads("DBOPS_DB_URL")).isTrue();
            assertThat(monitor.reads("SPRING_KAFKA_CONSUMER_GROUPID")).isTrue();
            assertThat(monitor.reads("SPRING_PROFILES_ACTIVE")).as("Spring Boot's own metadata").isTrue();
            assertThat(monitor.reads("DBOPS_TARGETS_ORDERS_PASSWORDFILE")).isTrue();
            assertThat(monitor.reads("DBOPS_SECURITY_ALLOWEDSOURCES")).isTrue();
            assertThat(monitor.reads("DBOPS_SLACK_WEBHOOK_URL")).as("only alert-service reads it").isFalse();
            assertThat(checks.readable("alert-service").reads("DBOPS_SLACK_WEBHOOK_URL")).isTrue();
            assertThat(checks.readable("alert-service").reads("DBOPS_SLACK_WEBHOOKURL")).isTrue();
        }

        @Test
        void aMissingConventionalKeyIsReported() {
            replace("docker-compose.yml", "      DBOPS_SMTP_HOST: mailpit\n", "");
            replace("docker-compose.yml", "      - DBOPS_API_TOKEN=t\n", "");
            assertThat(new ComposeChecks(root).missingEnvProblems()).containsExactlyInAnyOrder(
                    "monitor-service is not given DBOPS_API_TOKEN",
                    "alert-service is not given DBOPS_SMTP_HOST");
        }

        @Test
        void topicsMustMatchTheDocumentedChannelsAndTheirDeadLetterTopics() {
            replace("docs/asyncapi.yaml", "channels:\n", "channels:\n  backupEvents:\n    address: dbops.backup.events\n");
            replace("docker-compose.yml", "dbops.migration.events dbops.migration.events-dlt",
                    "dbops.migration.events dbops.monitor.events");
            assertThat(new ComposeChecks(root).topicProblems()).containsExactlyInAnyOrder(
                    "topic-init does not create dbops.backup.events (documented in docs/asyncapi.yaml)",
                    "topic-init does not create dbops.backup.events-dlt (documented in docs/asyncapi.yaml as dbops.backup.events)",
                    "topic-init does not create dbops.migration.events-dlt (documented in docs/asyncapi.yaml as dbops.migration.events)",
                    "topic-init creates dbops.monitor.events, which docs/asyncapi.yaml does not document");
        }

        @Test
        void aMissingAsyncApiDocumentIsAProblemNotAPass() throws IOException {
            Files.delete(root.resolve("docs/asyncapi.yaml"));
            assertThat(new ComposeChecks(root).topicProblems()).containsExactly("docs/asyncapi.yaml is missing");
        }

        @Test
        void wiringMistakesAreReported() {
            replace("alert-service/Dockerfile", "EXPOSE 8084", "EXPOSE 8080");
            replace("docker-compose.yml", "build: ./monitor-service", "build: ./monitor");
            replace("docker-compose.yml", "KAFKA_AUTO_CREATE_TOPICS_ENABLE: \"false\"", "KAFKA_AUTO_CREATE_TOPICS_ENABLE: \"true\"");
            replace("docker-compose.yml", "DBOPS_SMTP_HOST: mailpit", "DBOPS_SMTP_HOST: smtp");
            assertThat(new ComposeChecks(root).wiringProblems()).containsExactlyInAnyOrder(
                    "monitor-service is not built from ./monitor-service (build: ./monitor)",
                    "alert-service/Dockerfile does not EXPOSE 8084",
                    "alert-service's DBOPS_SMTP_HOST smtp is not a compose service",
                    "kafka must run with KAFKA_AUTO_CREATE_TOPICS_ENABLE=false");
        }

        @Test
        void envForm() {
            assertThat(ComposeChecks.envForm("dbops.targets.demo.password-file")).isEqualTo("DBOPS_TARGETS_DEMO_PASSWORDFILE");
            assertThat(ComposeChecks.envForm("my.service[0].other")).isEqualTo("MY_SERVICE_0_OTHER");
        }

        private void write(String path, String content) {
            try {
                Path file = root.resolve(path);
                Files.createDirectories(file.getParent());
                Files.writeString(file, content);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        private void replace(String path, String from, String to) {
            String content = ComposeChecks.read(root.resolve(path));
            assertThat(content).as(path).contains(from);
            write(path, content.replace(from, to));
        }
    }
}
