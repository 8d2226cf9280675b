package dev.dbops.migration.lint;

/** The target's PostgreSQL major version, from {@code server_version_num}. */
public record PgVersion(int major) {

    public static PgVersion fromServerVersionNum(int serverVersionNum) {
        return new PgVersion(serverVersionNum / 10000);
    }

    public boolean atLeast(int version) {
        return major >= version;
    }

    @Override
    public String toString() {
        return "PostgreSQL " + major;
    }
}
