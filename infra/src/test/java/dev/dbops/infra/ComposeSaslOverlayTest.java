package dev.dbops.infra;

import static dev.dbops.infra.ComposeChecks.list;
import static dev.dbops.infra.ComposeChecks.loadYaml;
import static dev.dbops.infra.ComposeChecks.map;
import static dev.dbops.infra.ComposeChecks.read;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * docker-compose.sasl.yml agrees with the local stack's SASL set-up (infra/local/kafka/KafkaSecurity.java, the
 * one list of principals and ACLs) and with docker-compose.yml: no Docker engine runs here, so this is what
 * keeps the overlay from drifting.
 */
class ComposeSaslOverlayTest {

    private static final List<String> SERVICES =
            List.of("migration-service", "backup-service", "monitor-service", "alert-service");
    private static final Pattern PRINCIPAL = Pattern.compile("grants\\.put\\(\"([a-z-]+)\"");

    private final Path root = Repo.root();
    private final Map<String, Object> base = services(root.resolve("docker-compose.yml"));
    private final Map<String, Object> overlay = services(root.resolve("docker-compose.sasl.yml"));

    @Test
    void everyPrincipalOfTheLocalStackGetsItsPasswordFromTheEnvironment() {
        List<String> principals = principals();
        assertThat(principals).containsAll(SERVICES).contains("operator");
        String init = String.join("\n", strings(map(overlay.get("kafka-security-init")).get("command")));
        for (String principal : principals) {
            assertThat(init).as("kafka-security-init writes the password of " + principal)
                    .contains("/tmp/secrets/" + principal + "\n");
        }
        assertThat(init).contains("/tmp/secrets/admin\n").contains("KafkaSecurity.java provision kafka:29092 /tmp/secrets");
        assertThat(read(root.resolve("infra/local/kafka/KafkaSecurity.java"))).contains("ScramMechanism.SCRAM_SHA_512");
    }

    @Test
    void eachServiceAuthenticatesAsItsOwnPrincipalAfterThePrincipalsExist() {
        for (String service : SERVICES) {
            Map<String, Object> svc = map(overlay.get(service));
            Map<String, Object> env = map(svc.get("environment"));
            assertThat(env).as(service).containsEntry("SPRING_KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT")
                    .containsEntry("SPRING_KAFKA_PROPERTIES_SASL_MECHANISM", "SCRAM-SHA-512");
            assertThat(String.valueOf(env.get("SPRING_KAFKA_PROPERTIES_SASL_JAAS_CONFIG"))).as(service)
                    .contains("ScramLoginModule required").contains("username=\"" + service + "\"")
                    .contains("${DBOPS_KAFKA_" + service.replace("-service", "").toUpperCase() + "_PASSWORD:?");
            assertThat(map(map(svc.get("depends_on")).get("kafka-security-init")))
                    .containsEntry("condition", "service_completed_successfully");
            assertThat(base).as("docker-compose.yml has " + service).containsKey(service);
        }
    }

    @Test
    void theBrokerRefusesWhatNoAclAllowsAndEveryClientOfItAuthenticates() {
        Map<String, Object> env = map(map(overlay.get("kafka")).get("environment"));
        assertThat(env).containsEntry("KAFKA_ALLOW_EVERYONE_IF_NO_ACL_FOUND", "false")
                .containsEntry("KAFKA_AUTHORIZER_CLASS_NAME", "org.apache.kafka.metadata.authorizer.StandardAuthorizer")
                .containsEntry("KAFKA_SUPER_USERS", "User:admin");
        String listeners = String.valueOf(map(map(base.get("kafka")).get("environment")).get("KAFKA_LISTENERS"));
        for (String listener : listeners.split(",")) {
            String name = listener.substring(0, listener.indexOf(':'));
            assertThat(String.valueOf(env.get("KAFKA_LISTENER_SECURITY_PROTOCOL_MAP")))
                    .as("listener " + name).contains(name + ":SASL_PLAINTEXT");
            assertThat(env).as("listener " + name + " knows the super user")
                    .containsKey("KAFKA_LISTENER_NAME_" + name + "_PLAIN_SASL_JAAS_CONFIG");
        }
        // everything else that talks to the broker in docker-compose.yml: its health check, the topic
        // init, the console
        assertThat(String.join(" ", strings(map(map(overlay.get("kafka")).get("healthcheck")).get("test"))))
                .contains("--command-config");
        assertThat(String.join(" ", strings(map(overlay.get("topic-init")).get("command"))))
                .contains("--command-config");
        assertThat(map(map(overlay.get("kafka-ui")).get("environment")))
                .containsEntry("KAFKA_CLUSTERS_0_PROPERTIES_SECURITY_PROTOCOL", "SASL_PLAINTEXT");
    }

    @Test
    void theProvisioningImageUsesTheBrokersOwnClientJars() {
        Map<String, Object> build = map(map(overlay.get("kafka-security-init")).get("build"));
        String dockerfile = String.valueOf(build.get("dockerfile_inline"));
        String brokerImage = String.valueOf(map(base.get("kafka")).get("image"));
        assertThat(dockerfile).contains("FROM " + brokerImage + " AS kafka").contains("COPY KafkaSecurity.java");
        assertThat(root.resolve(String.valueOf(build.get("context"))).resolve("KafkaSecurity.java")).exists();
    }

    private List<String> principals() {
        Matcher m = PRINCIPAL.matcher(read(root.resolve("infra/local/kafka/KafkaSecurity.java")));
        List<String> principals = new ArrayList<>();
        while (m.find()) {
            principals.add(m.group(1));
        }
        return principals;
    }

    private static Map<String, Object> services(Path file) {
        return map(map(loadYaml(file).get(0)).get("services"));
    }

    private static List<String> strings(Object node) {
        Object value = node instanceof List<?> ? node : List.of(String.valueOf(node));
        return list(value).stream().map(String::valueOf).toList();
    }
}
