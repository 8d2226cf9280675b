import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialAlteration;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The principals and ACLs of the local stack's broker in SASL mode (infra/local/kafka.sh, DBOPS_KAFKA_SECURITY=sasl),
 * as infra/README.md lists them: each service writes only its own facts topic and the dead-letter topics of what it
 * consumes, reads what it consumes; the operator (infra/dbops: demo requests, tail, request) writes only the
 * request topics. Run as a single-file program on the broker's classpath:
 *
 * <pre>
 * java -cp CLASSPATH KafkaSecurity.java provision|check BOOTSTRAP SECRETS_DIR
 * </pre>
 *
 * provision: one SCRAM-SHA-512 user per principal (password from SECRETS_DIR/PRINCIPAL) and its ACLs, as the
 * super user {@code admin} (PLAIN, SECRETS_DIR/admin); idempotent. check: a principal without the ACL is refused
 * a facts topic (nothing is written), a wrong password is not let in; exits 1 otherwise.
 */
public class KafkaSecurity {

    static final String MIGRATION_REQUESTS = "dbops.migration.requests";
    static final String MIGRATION_EVENTS = "dbops.migration.events";
    static final String BACKUP_REQUESTS = "dbops.backup.requests";
    static final String BACKUP_EVENTS = "dbops.backup.events";
    static final String MONITOR_EVENTS = "dbops.monitor.events";
    static final String ALERT_EVENTS = "dbops.alert.events";
    static final List<String> TOPICS = List.of(MIGRATION_REQUESTS, MIGRATION_EVENTS, BACKUP_REQUESTS, BACKUP_EVENTS,
            MONITOR_EVENTS, ALERT_EVENTS);

    /** What one principal may write and read (literal topic names). */
    record Grant(List<String> writes, List<String> reads) {
    }

    static Map<String, Grant> grants() {
        Map<String, Grant> grants = new LinkedHashMap<>();
        grants.put("migration-service", new Grant(
                List.of(MIGRATION_EVENTS, BACKUP_REQUESTS, dlt(MIGRATION_REQUESTS), dlt(BACKUP_EVENTS)),
                List.of(MIGRATION_REQUESTS, BACKUP_EVENTS)));
        grants.put("backup-service", new Grant(List.of(BACKUP_EVENTS, dlt(BACKUP_REQUESTS)), List.of(BACKUP_REQUESTS)));
        grants.put("monitor-service", new Grant(List.of(MONITOR_EVENTS, dlt(BACKUP_EVENTS)), List.of(BACKUP_EVENTS)));
        grants.put("alert-service", new Grant(
                List.of(ALERT_EVENTS, dlt(MONITOR_EVENTS), dlt(BACKUP_EVENTS), dlt(MIGRATION_EVENTS)),
                List.of(MONITOR_EVENTS, BACKUP_EVENTS, MIGRATION_EVENTS)));
        grants.put("operator", new Grant(List.of(MIGRATION_REQUESTS, BACKUP_REQUESTS), List.of()));
        return grants;
    }

    static String dlt(String topic) {
        return topic + "-dlt";
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 3 || !List.of("provision", "check").contains(args[0])) {
            System.err.println("usage: KafkaSecurity provision|check BOOTSTRAP SECRETS_DIR");
            System.exit(2);
        }
        String bootstrap = args[1];
        Path secrets = Path.of(args[2]);
        if (args[0].equals("provision")) {
            provision(bootstrap, secrets);
        } else {
            System.exit(check(bootstrap, secrets) ? 0 : 1);
        }
    }

    static void provision(String bootstrap, Path secrets) throws Exception {
        Properties admin = client(bootstrap, "PLAIN", "admin", secret(secrets, "admin"));
        try (Admin kafka = Admin.create(admin)) {
            List<UserScramCredentialAlteration> users = new ArrayList<>();
            for (String principal : grants().keySet()) {
                users.add(new UserScramCredentialUpsertion(principal,
                        new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 8192), secret(secrets, principal)));
            }
            kafka.alterUserScramCredentials(users).all().get(30, TimeUnit.SECONDS);
            List<AclBinding> acls = new ArrayList<>();
            grants().forEach((principal, grant) -> {
                grant.writes().forEach(t -> acls.add(allow(principal, ResourceType.TOPIC, t, PatternType.LITERAL,
                        AclOperation.WRITE)));
                grant.reads().forEach(t -> acls.add(allow(principal, ResourceType.TOPIC, t, PatternType.LITERAL,
                        AclOperation.READ)));
                if (principal.endsWith("-service")) {
                    // topics are declared by the services at start-up; describing or creating one writes nothing
                    acls.add(allow(principal, ResourceType.TOPIC, "dbops.", PatternType.PREFIXED, AclOperation.DESCRIBE));
                    acls.add(allow(principal, ResourceType.TOPIC, "dbops.", PatternType.PREFIXED, AclOperation.CREATE));
                    // dead letters are read for replay (the replay writes through the topic's owner)
                    TOPICS.forEach(t -> acls.add(allow(principal, ResourceType.TOPIC, dlt(t), PatternType.LITERAL,
                            AclOperation.READ)));
                    acls.add(allow(principal, ResourceType.GROUP, "dbops-" + principal, PatternType.PREFIXED,
                            AclOperation.READ));
                    acls.add(allow(principal, ResourceType.GROUP, "dbops-dead-letter-replay-", PatternType.PREFIXED,
                            AclOperation.READ));
                } else {
                    // the operator watches everything (infra/dbops tail, request) and writes requests only
                    acls.add(allow(principal, ResourceType.TOPIC, "dbops.", PatternType.PREFIXED, AclOperation.READ));
                    acls.add(allow(principal, ResourceType.GROUP, "dbops-tail-", PatternType.PREFIXED,
                            AclOperation.READ));
                }
            });
            kafka.createAcls(acls).all().get(30, TimeUnit.SECONDS);
            System.out.println("kafka security: " + grants().size() + " SCRAM-SHA-512 principals, " + acls.size()
                    + " ACLs");
        }
    }

    static boolean check(String bootstrap, Path secrets) throws Exception {
        // the services create their topics at start-up; a broker without them yet gets this one as they would
        try (Admin kafka = Admin.create(client(bootstrap, "PLAIN", "admin", secret(secrets, "admin")))) {
            if (!kafka.listTopics().names().get(30, TimeUnit.SECONDS).contains(BACKUP_EVENTS)) {
                kafka.createTopics(List.of(new NewTopic(BACKUP_EVENTS, 6, (short) 1))).all().get(30, TimeUnit.SECONDS);
            }
        }
        boolean ok = true;
        // principals without the ACL try to state a fact: each is refused, nothing is written
        for (String principal : List.of("operator", "monitor-service")) {
            ok &= refused(client(bootstrap, "SCRAM-SHA-512", principal, secret(secrets, principal)), BACKUP_EVENTS,
                    principal + " writing " + BACKUP_EVENTS, TopicAuthorizationException.class);
        }
        ok &= refused(client(bootstrap, "SCRAM-SHA-512", "backup-service", "guessed"), BACKUP_EVENTS,
                "backup-service with a wrong password", SaslAuthenticationException.class);
        return ok;
    }

    private static boolean refused(Properties props, String topic, String who, Class<? extends Exception> expected) {
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 10_000);
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props, new StringSerializer(),
                new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, "check", "{}")).get(20, TimeUnit.SECONDS);
            System.out.println("NOT REFUSED: " + who + " (the record was written)");
            return false;
        } catch (Exception e) {
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            if (expected.isInstance(cause)) {
                System.out.println("refused as expected: " + who + ": " + cause.getClass().getSimpleName());
                return true;
            }
            System.out.println("UNEXPECTED: " + who + ": " + cause);
            return false;
        }
    }

    static Properties client(String bootstrap, String mechanism, String user, String password) {
        String module = mechanism.equals("PLAIN") ? "org.apache.kafka.common.security.plain.PlainLoginModule"
                : "org.apache.kafka.common.security.scram.ScramLoginModule";
        Properties props = new Properties();
        props.put("bootstrap.servers", bootstrap);
        props.put("security.protocol", "SASL_PLAINTEXT");
        props.put("sasl.mechanism", mechanism);
        props.put("sasl.jaas.config", module + " required username=\"" + user + "\" password=\"" + password + "\";");
        return props;
    }

    static AclBinding allow(String principal, ResourceType type, String name, PatternType pattern, AclOperation op) {
        return new AclBinding(new ResourcePattern(type, name, pattern),
                new AccessControlEntry("User:" + principal, "*", op, AclPermissionType.ALLOW));
    }

    static String secret(Path secrets, String principal) throws Exception {
        return Files.readString(secrets.resolve(principal)).strip();
    }
}
