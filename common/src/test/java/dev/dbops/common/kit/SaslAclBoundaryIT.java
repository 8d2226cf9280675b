package dev.dbops.common.kit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dbops.common.event.Topics;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.security.auth.SecurityProtocol;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The real boundary against forged facts: a KRaft broker with SASL/SCRAM and the StandardAuthorizer, the
 * ACLs of infra/README.md (each service writes its own facts topic, requesters write request topics
 * only), and producers that authenticate with SCRAM-SHA-256 the way the services do.
 */
class SaslAclBoundaryIT {

    private static KafkaClusterTestKit cluster;

    @BeforeAll
    static void start() throws Exception {
        TestKitNodes nodes = new TestKitNodes.Builder().setCombined(true).setNumBrokerNodes(1)
                .setNumControllerNodes(1).setBrokerSecurityProtocol(SecurityProtocol.SASL_PLAINTEXT)
                .setControllerSecurityProtocol(SecurityProtocol.SASL_PLAINTEXT).build();
        // The kit authenticates its own admin with PLAIN (a super user); dbops principals use SCRAM.
        cluster = new KafkaClusterTestKit.Builder(nodes)
                .setConfigProp("sasl.enabled.mechanisms", "PLAIN,SCRAM-SHA-256")
                .setConfigProp("listener.name." + nodes.brokerListenerName().value().toLowerCase()
                        + ".scram-sha-256.sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required;")
                .setConfigProp("allow.everyone.if.no.acl.found", "false")
                .build();
        cluster.format();
        cluster.startup();
        cluster.waitForReadyBrokers();
        try (Admin admin = Admin.create(saslClient("PLAIN", "org.apache.kafka.common.security.plain.PlainLoginModule",
                "plain-admin", "plain-admin-secret"))) {
            admin.createTopics(List.of(new NewTopic(Topics.BACKUP_REQUESTS, 1, (short) 1),
                    new NewTopic(Topics.BACKUP_EVENTS, 1, (short) 1))).all().get();
            admin.alterUserScramCredentials(List.of(scram("backup-service", "backup-secret"),
                    scram("deploy-pipeline", "deploy-secret"))).all().get();
            List<AclBinding> acls = new ArrayList<>();
            acls.add(allow("backup-service", Topics.BACKUP_EVENTS, AclOperation.WRITE));
            acls.add(allow("backup-service", Topics.BACKUP_REQUESTS, AclOperation.READ));
            acls.add(allow("deploy-pipeline", Topics.BACKUP_REQUESTS, AclOperation.WRITE));
            admin.createAcls(acls).all().get();
        }
    }

    @AfterAll
    static void stop() throws Exception {
        cluster.close();
    }

    @Test
    void aRequesterMayAskButNotStateAFactWhileTheOwningServiceStatesIt() throws Exception {
        try (KafkaProducer<String, String> deploy = producer("deploy-pipeline", "deploy-secret")) {
            send(deploy, Topics.BACKUP_REQUESTS);
            assertThatThrownBy(() -> send(deploy, Topics.BACKUP_EVENTS)).hasRootCauseInstanceOf(
                    TopicAuthorizationException.class).hasMessageContaining(Topics.BACKUP_EVENTS);
        }
        try (KafkaProducer<String, String> backup = producer("backup-service", "backup-secret")) {
            assertThat(send(backup, Topics.BACKUP_EVENTS)).isGreaterThanOrEqualTo(0);
        }
    }

    @Test
    void aProducerWithAWrongPasswordIsNotLetIn() {
        try (KafkaProducer<String, String> impostor = producer("backup-service", "guessed")) {
            assertThatThrownBy(() -> send(impostor, Topics.BACKUP_EVENTS))
                    .hasRootCauseInstanceOf(SaslAuthenticationException.class);
        }
    }

    private static long send(KafkaProducer<String, String> producer, String topic) throws Exception {
        try {
            return producer.send(new ProducerRecord<>(topic, "orders", "{}")).get(20, TimeUnit.SECONDS).offset();
        } catch (ExecutionException e) {
            throw new IllegalStateException("refused: " + e.getCause().getMessage(), e.getCause());
        }
    }

    /** A producer configured as a dbops service is: spring.kafka.security.protocol / properties.sasl.*. */
    private static KafkaProducer<String, String> producer(String user, String password) {
        Properties props = saslClient("SCRAM-SHA-256", "org.apache.kafka.common.security.scram.ScramLoginModule", user,
                password);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        return new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
    }

    private static Properties saslClient(String mechanism, String loginModule, String user, String password) {
        Properties props = new Properties();
        props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        props.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_PLAINTEXT");
        props.put(SaslConfigs.SASL_MECHANISM, mechanism);
        props.put(SaslConfigs.SASL_JAAS_CONFIG, loginModule + " required username=\"" + user + "\" password=\""
                + password + "\";");
        return props;
    }

    private static UserScramCredentialUpsertion scram(String user, String password) {
        return new UserScramCredentialUpsertion(user, new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_256, 8192),
                password);
    }

    private static AclBinding allow(String user, String topic, AclOperation operation) {
        return new AclBinding(new ResourcePattern(ResourceType.TOPIC, topic, PatternType.LITERAL),
                new AccessControlEntry("User:" + user, "*", operation, AclPermissionType.ALLOW));
    }
}
