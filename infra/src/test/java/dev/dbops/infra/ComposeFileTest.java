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
        void kafkaPostgresAndMailpitAreWiredAsTheServicesExpect() {
            assertThat(checks.wiringProblems()).isEmpty();
        }

        private final ComposeBuildChecks build = new ComposeBuildChecks(Repo.root());

        @Test
        void eachServiceIsBuiltFromTheOneLayeredDockerfile() {
            assertThat(build.dockerfileProblems()).isEmpty();
        }

        @Test
        void everyImageIsPinnedAndAgreesWithTheLocalStack() {
            assertThat(build.imageProblems()).isEmpty();
        }

        @Test
        void theServicesRunOnTheLocalConfigurationAndTheDemoProject() {
            assertThat(build.localConfigProblems()).isEmpty();
        }

        private final ObservabilityChecks observability = new ObservabilityChecks(Repo.root());

        @Test
        void prometheusScrapesEachServiceWhereItServesItsMetrics() {
            assertThat(observability.scrapeProblems()).isEmpty();
        }

        @Test
        void grafanaIsProvisionedWithPrometheusAndTheDashboard() {
            assertThat(observability.grafanaProblems()).isEmpty();
        }

        @Test
        void onlyThePomsNameTheVersion() {
            assertThat(new VersionChecks(Repo.root()).problems()).isEmpty();
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
                          external-url: ${DBOPS_ALERT_EXTERNAL_URL:http://localhost:8084}
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
            });
            write("Dockerfile", """
                    ARG JRE_IMAGE=eclipse-temurin:17.0.15_6-jre
                    FROM ${JRE_IMAGE} AS layers
                    ARG SERVICE
                    COPY ${SERVICE}/target/${SERVICE}-*.jar jars/
                    RUN java -Djarmode=tools -jar app.jar extract --layers --launcher --destination extracted
                    FROM debian:12.11-slim
                    ARG PORT
                    RUN apt-get install -y postgresql-client-15
                    COPY --from=layers /build/extracted/application/ ./
                    EXPOSE ${PORT}
                    """);
            write("infra/local/kafka/pom.xml", "<project><properties><kafka.version>4.3.1</kafka.version></properties></project>");
            write("infra/local/dbops-local.yml", """
                    dbops:
                      targets:
                        demo:
                          url: jdbc:postgresql://127.0.0.1:5433/dbops_demo
                      migration:
                        targets:
                          demo:
                            project: ${DBOPS_DEMO_MIGRATIONS:infra/local/demo-migrations}
                    """);
            write("infra/local/demo-migrations/V1__a.sql", "CREATE TABLE a (id int);");
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
                      SPRING_CONFIG_ADDITIONALLOCATION: file:/etc/dbops/local.yml
                    x-service: &service
                      volumes: ["./infra/local/dbops-local.yml:/etc/dbops/local.yml:ro"]
                    services:
                      kafka:
                        image: apache/kafka:4.3.1
                        environment:
                          KAFKA_AUTO_CREATE_TOPICS_ENABLE: "false"
                      postgres:
                        image: postgres:15.13
                        command: ["postgres", "-c", "shared_preload_libraries=pg_stat_statements"]
                      db-init:
                        image: postgres:15.13
                      topic-init:
                        image: apache/kafka:4.3.1
                        environment:
                          TOPICS: >-
                            dbops.migration.requests dbops.migration.requests-dlt
                            dbops.migration.events dbops.migration.events-dlt
                      migration-service:
                        build: {context: ., args: {SERVICE: migration-service, PORT: 8081}}
                        ports: ["8081:8081"]
                        environment:
                          <<: *env
                          DBOPS_DEMO_MIGRATIONS: /etc/dbops/demo
                        volumes:
                          - ./infra/local/dbops-local.yml:/etc/dbops/local.yml:ro
                          - {type: bind, source: ./infra/local/demo-migrations, target: /etc/dbops/demo}
                      backup-service:
                        <<: *service
                        build: {context: ., dockerfile: Dockerfile, args: [SERVICE=backup-service, PORT=8082]}
                        ports: ["127.0.0.1:8082:8082/tcp"]
                        environment:
                          <<: *env
                      monitor-service:
                        <<: *service
                        build: {context: ., args: {SERVICE: monitor-service, PORT: 8083}}
                        ports: [{target: 8083, published: 8083}]
                        environment:
                          - KAFKA_BOOTSTRAP_SERVERS=kafka:29092
                          - DBOPS_DB_URL=jdbc:postgresql://postgres:5432/dbops
                          - DBOPS_DB_USERNAME=postgres
                          - DBOPS_DB_PASSWORD=x
                          - DBOPS_API_TOKEN=t
                          - SPRING_PROFILES_ACTIVE=docker
                          - SPRING_CONFIG_ADDITIONALLOCATION=file:/etc/dbops/local.yml
                          - DBOPS_TARGETS_DEMO_URL=jdbc:postgresql://postgres:5432/dbops_demo
                      alert-service:
                        <<: *service
                        build: {context: ., args: {SERVICE: alert-service, PORT: 8084}}
                        ports: ["8084:8084"]
                        environment:
                          <<: *env
                          DBOPS_SLACK_WEBHOOK_URL: ""
                          DBOPS_PAGERDUTY_ROUTING_KEY: ""
                          DBOPS_PAGERDUTY_EVENTS_URL: http://pd
                          DBOPS_SMTP_HOST: mailpit
                          DBOPS_SMTP_PORT: 1025
                          DBOPS_ALERT_EXTERNAL_URL: http://localhost:8084
                      mailpit:
                        image: axllent/mailpit:v1.22.3
                      kafka-ui:
                        image: ghcr.io/kafbat/kafka-ui:v1.5.0
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
            ComposeBuildChecks build = new ComposeBuildChecks(root);
            assertThat(build.dockerfileProblems()).isEmpty();
            assertThat(build.imageProblems()).isEmpty();
            assertThat(build.localConfigProblems()).isEmpty();
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
            replace("docker-compose.yml", "KAFKA_AUTO_CREATE_TOPICS_ENABLE: \"false\"", "KAFKA_AUTO_CREATE_TOPICS_ENABLE: \"true\"");
            replace("docker-compose.yml", "DBOPS_SMTP_HOST: mailpit", "DBOPS_SMTP_HOST: smtp");
            assertThat(new ComposeChecks(root).wiringProblems()).containsExactlyInAnyOrder(
                    "alert-service's DBOPS_SMTP_HOST smtp is not a compose service",
                    "kafka must run with KAFKA_AUTO_CREATE_TOPICS_ENABLE=false");
        }

        @Test
        void dockerfileMistakesAreReported() {
            replace("Dockerfile", "extract --layers --launcher", "extract");
            replace("Dockerfile", "EXPOSE ${PORT}", "EXPOSE 8080");
            replace("Dockerfile", "postgresql-client-15", "postgresql-client");
            replace("docker-compose.yml", "build: {context: ., args: {SERVICE: monitor-service, PORT: 8083}}",
                    "build: ./monitor-service");
            replace("docker-compose.yml", "SERVICE: alert-service, PORT: 8084", "SERVICE: alert-service, PORT: 8080");
            replace("docker-compose.yml", "SERVICE=backup-service", "SERVICE=monitor-service");
            assertThat(new ComposeBuildChecks(root).dockerfileProblems()).containsExactlyInAnyOrder(
                    "Dockerfile does not split the jar into layers (java -Djarmode=tools -jar ... extract --layers)",
                    "Dockerfile does not EXPOSE ${PORT}",
                    "Dockerfile does not install postgresql-client-15 (pg_dump, pg_restore, psql of the targets' major version)",
                    "monitor-service is not built from ./Dockerfile in the repository root (build: ./monitor-service)",
                    "alert-service is built with PORT=8080 but listens on 8084",
                    "backup-service is built with SERVICE=monitor-service");
        }

        @Test
        void floatingImagesAndVersionsOtherThanTheLocalStacksAreReported() {
            replace("docker-compose.yml", "axllent/mailpit:v1.22.3", "axllent/mailpit:latest");
            replace("Dockerfile", "ARG JRE_IMAGE=eclipse-temurin:17.0.15_6-jre", "ARG JRE_IMAGE=eclipse-temurin:17-jre");
            replace("infra/local/kafka/pom.xml", "4.3.1", "4.3.2");
            replace("docker-compose.yml", "image: postgres:15.13\n    command", "image: postgres:16.4\n    command");
            replace("docker-compose.yml", "ghcr.io/kafbat/kafka-ui:v1.5.0", "provectuslabs/kafka-ui:v0.7.2");
            assertThat(new ComposeBuildChecks(root).imageProblems()).containsExactlyInAnyOrder(
                    "mailpit uses axllent/mailpit:latest, not pinned to a version",
                    "Dockerfile FROM #1 uses eclipse-temurin:17-jre, not pinned to a version",
                    "kafka runs apache/kafka:4.3.1, not apache/kafka:4.3.2 (the local stack's broker, infra/local/kafka/pom.xml)",
                    "topic-init runs apache/kafka:4.3.1, not apache/kafka:4.3.2 (the local stack's broker, infra/local/kafka/pom.xml)",
                    "postgres runs postgres:16.4, not PostgreSQL 15 (the local stack's and the tools' major version)",
                    "kafka-ui runs provectuslabs/kafka-ui:v0.7.2, not kafbat/kafka-ui (provectus' image is unmaintained)");
        }

        @Test
        void pinnedMeansAMinorVersionOrADigest() {
            assertThat(ComposeBuildChecks.pinned("postgres:15.13")).isTrue();
            assertThat(ComposeBuildChecks.pinned("ghcr.io/kafbat/kafka-ui:v1.5.0")).isTrue();
            assertThat(ComposeBuildChecks.pinned("localhost:5000/x@sha256:0123")).isTrue();
            assertThat(ComposeBuildChecks.pinned("postgres:15")).isFalse();
            assertThat(ComposeBuildChecks.pinned("localhost:5000/postgres")).isFalse();
            assertThat(ComposeBuildChecks.pinned("axllent/mailpit")).isFalse();
        }

        @Test
        void localConfigurationMistakesAreReported() {
            replace("docker-compose.yml", "  alert-service:\n    <<: *service\n", "  alert-service:\n");
            replace("docker-compose.yml", "      - DBOPS_TARGETS_DEMO_URL=jdbc:postgresql://postgres:5432/dbops_demo\n", "");
            replace("docker-compose.yml", "DBOPS_DEMO_MIGRATIONS: /etc/dbops/demo", "DBOPS_DEMO_MIGRATIONS: /etc/dbops/elsewhere");
            assertThat(new ComposeBuildChecks(root).localConfigProblems()).containsExactlyInAnyOrder(
                    "alert-service does not read infra/local/dbops-local.yml (mounted, and named by SPRING_CONFIG_ADDITIONALLOCATION)",
                    "monitor-service is not given DBOPS_TARGETS_DEMO_URL: target demo would be "
                            + "jdbc:postgresql://127.0.0.1:5433/dbops_demo, the container itself",
                    "migration-service does not have infra/local/demo-migrations mounted where DBOPS_DEMO_MIGRATIONS "
                            + "(/etc/dbops/elsewhere) says");
        }

        @Test
        void thePlaceholdersOfAMountedConfigurationAreKeysTheServiceReads() {
            assertThat(new ComposeChecks(root).readable("migration-service").reads("DBOPS_DEMO_MIGRATIONS")).isTrue();
            replace("docker-compose.yml", "      - ./infra/local/dbops-local.yml:/etc/dbops/local.yml:ro\n", "");
            assertThat(new ComposeChecks(root).unknownEnvProblems())
                    .anyMatch(p -> p.startsWith("migration-service is given DBOPS_DEMO_MIGRATIONS but reads no such key"));
        }

        @Test
        void aFileOtherThanAPomNamingTheVersionIsReported() {
            write("pom.xml", "<project><parent><artifactId>spring-boot-starter-parent</artifactId><version>4.1.1</version>"
                    + "</parent><artifactId>dbops</artifactId>\n    <version>7.3.0-SNAPSHOT</version></project>");
            write("backup-service/pom.xml", "<version>7.3.0-SNAPSHOT</version>");
            write("infra/bench/run", "#!/bin/sh\nJAR=backup-service/target/backup-service-7.3.0-SNAPSHOT.jar\n");
            write("backup-service/target/backup-service-7.3.0-SNAPSHOT.jar", "built, not written");
            assertThat(Repo.version(root)).isEqualTo("7.3.0-SNAPSHOT");
            assertThat(new VersionChecks(root).problems()).containsExactly(
                    "infra/bench/run:2 names the version 7.3.0-SNAPSHOT (only the poms may; derive it)");
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
