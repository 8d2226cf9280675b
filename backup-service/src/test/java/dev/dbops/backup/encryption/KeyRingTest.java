package dev.dbops.backup.encryption;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dbops.backup.config.BackupSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** The key ring as the service reads it at start-up, from the same properties an operator writes. */
class KeyRingTest {

    static final String KEY_A = Base64.getEncoder().encodeToString(new byte[32]);
    static final String KEY_B = Base64.getEncoder().encodeToString("0123456789abcdef0123456789abcdef".getBytes());

    @TempDir
    Path dir;

    @Test
    void keysComeFromFilesAndTheEnvironmentAndEachTargetFindsItsActiveKey() throws IOException {
        Path file = Files.writeString(dir.resolve("a.key"), KEY_A + "\n");
        KeyRing ring = KeyRing.load(settings(Map.of(
                "encryption.enabled", "true", "encryption.active-key", "a",
                "encryption.keys.a.file", file.toString(), "encryption.keys.b.env", "DBOPS_KEY_B",
                "targets.orders.encryption.active-key", "b",
                "targets.plain.encryption.enabled", "false")), Map.of("DBOPS_KEY_B", KEY_B)::get);

        assertThat(ring.activeFor("other")).get().extracting(KeyRing.Key::id).isEqualTo("a");
        assertThat(ring.activeFor("orders")).get().extracting(KeyRing.Key::id).isEqualTo("b");
        assertThat(ring.activeFor("plain")).isEmpty();
        assertThat(ring.require("b").secret().getEncoded()).isEqualTo(Base64.getDecoder().decode(KEY_B));
    }

    @Test
    void withoutEncryptionNoTargetHasAnActiveKey() {
        KeyRing ring = KeyRing.load(settings(Map.of()), name -> null);
        assertThat(ring.activeFor("orders")).isEmpty();
        assertThatThrownBy(() -> ring.require("a")).isInstanceOf(UndecryptableException.class)
                .hasMessage("key a is not in the key ring (dbops.backup.encryption.keys is empty)");
    }

    @Test
    void anActiveKeyOutsideTheRingStopsTheStartNamingIt() {
        assertThatThrownBy(() -> KeyRing.load(settings(Map.of("encryption.enabled", "true",
                "encryption.active-key", "gone", "encryption.keys.a.env", "A")), Map.of("A", KEY_A)::get))
                .hasMessageContaining("dbops.backup.encryption.active-key: key gone is not in the key ring");
        assertThatThrownBy(() -> KeyRing.load(settings(Map.of("encryption.keys.a.env", "A",
                "targets.orders.encryption.enabled", "true", "targets.orders.encryption.active-key", "b")),
                Map.of("A", KEY_A)::get))
                .hasMessageContaining("dbops.backup.targets.orders.encryption.active-key: key b is not in the key ring");
        assertThatThrownBy(() -> KeyRing.load(settings(Map.of("encryption.enabled", "true")), name -> null))
                .hasMessageContaining("encryption is enabled but no active-key is set");
    }

    @Test
    void anUnreadableOrWrongSizedKeyStopsTheStartNamingItAndNeverShowingIt() throws IOException {
        assertThatThrownBy(() -> KeyRing.load(settings(Map.of("encryption.keys.a.file",
                dir.resolve("missing.key").toString())), name -> null))
                .hasMessageContaining("key a: cannot read its file");
        assertThatThrownBy(() -> KeyRing.load(settings(Map.of("encryption.keys.a.env", "A")), name -> null))
                .hasMessageContaining("key a: environment variable A");
        String short16 = Base64.getEncoder().encodeToString(new byte[16]);
        assertThatThrownBy(() -> KeyRing.load(settings(Map.of("encryption.keys.a.env", "A")), Map.of("A", short16)::get))
                .hasMessageContaining("key a is 16 bytes, AES-256 needs 32").hasMessageNotContaining(short16);
        Path raw = Files.write(dir.resolve("raw.key"), new byte[32]);
        assertThatThrownBy(() -> KeyRing.load(settings(Map.of("encryption.keys.raw.file", raw.toString())),
                name -> null)).hasMessageContaining("key raw is not base64");
    }

    @Test
    void aKeyPrintsItsIdOnly() throws UndecryptableException {
        KeyRing ring = KeyRing.load(settings(Map.of("encryption.keys.a.env", "A")), Map.of("A", KEY_B)::get);
        assertThat(ring.require("a")).hasToString("Key[a]");
    }

    private static BackupSettings settings(Map<String, String> properties) {
        Map<String, String> prefixed = new LinkedHashMap<>();
        properties.forEach((k, v) -> prefixed.put("dbops.backup." + k, v));
        return new Binder(new MapConfigurationPropertySource(prefixed))
                .bindOrCreate("dbops.backup", BackupSettings.class);
    }
}
