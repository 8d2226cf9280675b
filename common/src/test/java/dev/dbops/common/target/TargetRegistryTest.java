package dev.dbops.common.target;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dbops.common.cloudevents.CloudEvent;
import dev.dbops.common.event.BackupReason;
import dev.dbops.common.event.BackupRequested;
import dev.dbops.common.target.TargetProperties.Security;
import dev.dbops.common.target.TargetProperties.TargetSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TargetRegistryTest {

    private static final String URL = "jdbc:postgresql://db1:5432/orders";

    private static TargetRegistry registry(Map<String, TargetSettings> targets) {
        return new TargetRegistry(new TargetProperties(targets, new Security(List.of("/dbops/*"))));
    }

    private static TargetSettings settings(String url, String user, String password, Path file) {
        return new TargetSettings(url, user, password, file, null);
    }

    @Test
    void namesEveryOffendingKey() {
        Map<String, TargetSettings> targets = new LinkedHashMap<>();
        targets.put("orders", settings(null, "dbops", null, null));
        targets.put("billing", settings("jdbc:mysql://db/billing", null, null, null));
        targets.put("Bad Id", settings(URL, "dbops", null, null));
        targets.put("leaky", settings(URL + "?password=hunter2", "dbops", null, null));
        targets.put("both", settings(URL, "dbops", "x", Path.of("/etc/hostname")));
        targets.put("nofile", settings(URL, "dbops", null, Path.of("/nonexistent/secret")));
        assertThatThrownBy(() -> registry(targets)).isInstanceOf(InvalidTargetConfigurationException.class)
                .satisfies(e -> assertThat(((InvalidTargetConfigurationException) e).problems()).containsExactly(
                        "dbops.targets.orders.url is required (jdbc:postgresql://host:port/database)",
                        "dbops.targets.billing.url must be jdbc:postgresql://host[:port]/database",
                        "dbops.targets.billing.username is required",
                        "dbops.targets.Bad Id: a target id is 1-63 characters of a-z, 0-9, '-' and '_', starting with a letter or digit",
                        "dbops.targets.leaky.url must not carry a password; use dbops.targets.leaky.password or .password-file",
                        "dbops.targets.both: set only one of password and password-file",
                        "dbops.targets.nofile.password-file cannot be read: /nonexistent/secret"))
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void readsThePasswordFileAndRedactsThePasswordEverywhere(@TempDir Path dir) throws Exception {
        Path secret = Files.writeString(dir.resolve("orders.pw"), "s3cr3t-pw\n");
        TargetRegistry registry = registry(Map.of("orders", settings(URL, "dbops", null, secret)));
        Target orders = registry.require("orders");
        assertThat(orders.password()).isEqualTo("s3cr3t-pw");
        assertThat(orders.toString()).doesNotContain("s3cr3t-pw").contains("******");
        assertThat(registry.redact("pg_dump: FATAL password s3cr3t-pw rejected; url ?password=other&x=1"))
                .isEqualTo("pg_dump: FATAL password ****** rejected; url ?password=******&x=1");
        assertThat(new TargetSettings(URL, "dbops", "s3cr3t-pw", null, null).toString()).doesNotContain("s3cr3t-pw");
    }

    @Test
    void derivesUrlsOfOtherDatabasesOnTheSameServer() {
        Target orders = registry(Map.of("orders", settings(URL + "?sslmode=require", "dbops", null, null)))
                .require("orders");
        assertThat(orders.database()).isEqualTo("orders");
        assertThat(orders.urlOf("orders_scratch")).isEqualTo("jdbc:postgresql://db1:5432/orders_scratch?sslmode=require");
    }

    @Test
    void authorizesRequestsByTargetAndSource() {
        TargetRegistry registry = registry(Map.of(
                "orders", settings(URL, "dbops", null, null),
                "billing", new TargetSettings(URL, "dbops", null, null, List.of("/deploy/*", "/ops/alice"))));
        assertThat(registry.authorize(request("orders", "/dbops/migration-service")).id()).isEqualTo("orders");
        assertThatThrownBy(() -> registry.authorize(request("orders", "/ops/alice")))
                .isInstanceOf(SourceNotAllowedException.class);
        assertThat(registry.authorize(request("billing", "/deploy/pipeline-7")).id()).isEqualTo("billing");
        assertThat(registry.authorize(request("billing", "/ops/alice")).id()).isEqualTo("billing");
        assertThatThrownBy(() -> registry.authorize(request("billing", "/ops/alice2")))
                .isInstanceOf(SourceNotAllowedException.class);
        assertThatThrownBy(() -> registry.authorize(request("hr", "/dbops/x")))
                .isInstanceOf(UnknownTargetException.class).hasMessageContaining("unknown target 'hr'");
    }

    private static CloudEvent<BackupRequested> request(String target, String source) {
        return new CloudEvent<>("id", source, "dev.dbops.backup-requested.v1", null, target, null,
                new BackupRequested("r", target, BackupReason.MANUAL, null));
    }
}
