package dev.dbops.alert.alertmanager;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.util.Map;
import java.util.TreeMap;

/**
 * Prometheus's label-set fingerprint (FNV-1a, 64 bits, over the labels sorted by name, each name and
 * value followed by the byte 0xff), as Alertmanager shows it: so an alert has the same fingerprint in
 * Alertmanager, in dbops and in its webhooks.
 */
final class LabelFingerprint {

    private static final long OFFSET = 0xcbf29ce484222325L;
    private static final long PRIME = 0x100000001b3L;
    private static final byte SEPARATOR = (byte) 0xff;

    private LabelFingerprint() {
    }

    static String of(Map<String, String> labels) {
        long hash = OFFSET;
        for (Map.Entry<String, String> label : new TreeMap<>(labels).entrySet()) {
            hash = add(hash, label.getKey().getBytes(UTF_8));
            hash = add(hash, label.getValue().getBytes(UTF_8));
        }
        return String.format("%016x", hash);
    }

    private static long add(long hash, byte[] bytes) {
        for (byte b : bytes) {
            hash = (hash ^ (b & 0xff)) * PRIME;
        }
        return (hash ^ (SEPARATOR & 0xff)) * PRIME;
    }
}
