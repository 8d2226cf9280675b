package dev.dbops.backup.encryption;

import dev.dbops.backup.config.BackupSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * The keys backups are encrypted with, by id ({@code dbops.backup.encryption.keys}), read once at start-up. A key is
 * 32 bytes written in base64 (44 characters, surrounding white space ignored), in a file or an environment variable:
 * text survives copying into a secret store or an env file, and {@code openssl rand -base64 32} makes one. Start-up
 * fails naming the key when one is unreadable or not 32 bytes, or when an active key is not in the ring.
 */
public final class KeyRing {

    /** A key of the ring; its bytes never appear in a message. */
    public record Key(String id, SecretKey secret) {

        @Override
        public String toString() {
            return "Key[" + id + "]";
        }
    }

    private final Map<String, Key> keys;
    private final BackupSettings settings;

    private KeyRing(Map<String, Key> keys, BackupSettings settings) {
        this.keys = keys;
        this.settings = settings;
    }

    /** Reads every key of the ring and checks that each active key (service-wide, per target) is one of them. */
    public static KeyRing load(BackupSettings settings, UnaryOperator<String> environment) {
        Map<String, Key> keys = new LinkedHashMap<>();
        settings.encryption().keys().forEach((id, source) -> keys.put(id, new Key(id, read(id, source, environment))));
        KeyRing ring = new KeyRing(keys, settings);
        ring.checkActive("dbops.backup.encryption", settings.encryption().enabled(), settings.encryption().activeKey());
        settings.targets().keySet().forEach(target -> ring.checkActive("dbops.backup.targets." + target + ".encryption",
                isEnabled(settings, target),
                settings.encryptionKeyOf(target).orElse(null)));
        return ring;
    }

    /** The key this target's new backups are encrypted with; empty when they are not encrypted. */
    public Optional<Key> activeFor(String target) {
        return settings.encryptionKeyOf(target).map(keys::get);
    }

    /** The key a backup names in its manifest. */
    public Key require(String keyId) throws UndecryptableException {
        Key key = keys.get(keyId);
        if (key == null) {
            throw new UndecryptableException("key " + keyId + " is not in the key ring (dbops.backup.encryption.keys"
                    + (keys.isEmpty() ? " is empty" : " has " + keys.keySet()) + ")");
        }
        return key;
    }

    private void checkActive(String where, boolean enabled, String activeKey) {
        if (activeKey != null && !keys.containsKey(activeKey)) {
            throw new IllegalStateException(where + ".active-key: key " + activeKey
                    + " is not in the key ring dbops.backup.encryption.keys " + keys.keySet());
        }
        if (enabled && activeKey == null) {
            throw new IllegalStateException(where + ": encryption is enabled but no active-key is set");
        }
    }

    private static boolean isEnabled(BackupSettings settings, String target) {
        Boolean own = settings.targets().get(target).encryption().enabled();
        return own != null ? own : settings.encryption().enabled();
    }

    private static SecretKey read(String id, BackupSettings.KeySource source, UnaryOperator<String> environment) {
        String where = "dbops.backup.encryption.keys." + id;
        String text;
        if (source.file() != null && source.env() == null) {
            try {
                text = Files.readString(source.file(), StandardCharsets.US_ASCII);
            } catch (IOException | RuntimeException e) {
                throw new IllegalStateException("key " + id + ": cannot read its file " + source.file() + " (" + where
                        + ".file): " + e, e);
            }
        } else if (source.env() != null && source.file() == null) {
            text = environment.apply(source.env());
            if (text == null) {
                throw new IllegalStateException("key " + id + ": environment variable " + source.env() + " (" + where
                        + ".env) is not set");
            }
        } else {
            throw new IllegalStateException("key " + id + ": give exactly one of " + where + ".file and " + where
                    + ".env");
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(text.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("key " + id + " is not base64 (32 bytes, e.g. openssl rand -base64 32)");
        }
        if (bytes.length != 32) {
            throw new IllegalStateException("key " + id + " is " + bytes.length + " bytes, AES-256 needs 32 (base64 of "
                    + "32 bytes, e.g. openssl rand -base64 32)");
        }
        return new SecretKeySpec(bytes, "AES");
    }
}
