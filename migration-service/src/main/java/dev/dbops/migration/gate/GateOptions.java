package dev.dbops.migration.gate;

import dev.dbops.migration.config.LintPolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The gate's command line.
 *
 * @param format what goes to standard output: {@code text}, {@code json} or {@code sarif}
 * @param jsonFile / sarifFile where to write the JSON plan or the SARIF log as well, when set
 */
record GateOptions(Path project, String url, String user, @Nullable String targetVersion, LintPolicy policy,
        boolean lockProbe, boolean rehearsal, boolean keepScratchCopy, boolean overrideFindings, String format, @Nullable Path jsonFile,
        @Nullable Path sarifFile) {

    static final String USAGE = """
            usage: gate --project DIR --url jdbc:postgresql://HOST:PORT/DB [options]
              --user NAME              database role (default: postgres); the password comes from PGPASSWORD
              --target-version V       plan up to version V (default: the latest)
              --policy P               block-critical (default) | block-warnings | report-only
              --override-findings      only findings nothing overrides block (checksum drift, unparseable, ...)
              --no-lock-probe          static lint only: no scratch copy on the server (which needs CREATEDB)
              --no-rehearsal           do not rehearse undo scripts on the scratch copy
              --keep-scratch-copy      leave the scratch database for the next run to reuse (no CREATE/DROP DATABASE)
              --format F               text (default) | json | sarif, on standard output
              --json FILE, --sarif FILE  also write the JSON plan / the SARIF 2.1.0 log to FILE
            exit: 0 nothing blocks, 1 a finding blocks, 2 usage or connection error""";

    /** A command line the gate cannot run: exit 2 with the reason and the usage. */
    static final class UsageException extends Exception {
        UsageException(String message) {
            super(message);
        }
    }

    static GateOptions parse(String... args) throws UsageException {
        Path project = null;
        String url = null;
        String user = "postgres";
        String targetVersion = null;
        LintPolicy policy = LintPolicy.BLOCK_CRITICAL;
        boolean lockProbe = true;
        boolean rehearsal = true;
        boolean keepScratch = false;
        boolean override = false;
        String format = "text";
        Path json = null;
        Path sarif = null;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--project" -> project = Path.of(value(args, ++i, arg));
                case "--url" -> url = value(args, ++i, arg);
                case "--user" -> user = value(args, ++i, arg);
                case "--target-version" -> targetVersion = value(args, ++i, arg);
                case "--policy" -> policy = policy(value(args, ++i, arg));
                case "--override-findings" -> override = true;
                case "--no-lock-probe" -> lockProbe = false;
                case "--no-rehearsal" -> rehearsal = false;
                case "--keep-scratch-copy" -> keepScratch = true;
                case "--format" -> format = format(value(args, ++i, arg));
                case "--json" -> json = Path.of(value(args, ++i, arg));
                case "--sarif" -> sarif = Path.of(value(args, ++i, arg));
                default -> throw new UsageException("unknown argument " + arg);
            }
        }
        if (project == null || url == null) {
            throw new UsageException("--project and --url are required");
        }
        if (!Files.isDirectory(project)) {
            throw new UsageException("--project " + project + " is not a directory");
        }
        if (!url.startsWith("jdbc:postgresql://")) {
            throw new UsageException("--url must be a jdbc:postgresql:// URL, was " + url.replaceAll("//[^/@]*@", "//***@"));
        }
        return new GateOptions(project, url, user, targetVersion, policy, lockProbe, rehearsal, keepScratch, override,
                format, json, sarif);
    }

    private static String value(String[] args, int i, String option) throws UsageException {
        if (i >= args.length || args[i].startsWith("--")) {
            throw new UsageException(option + " needs a value");
        }
        return args[i];
    }

    private static LintPolicy policy(String value) throws UsageException {
        try {
            return LintPolicy.valueOf(value.toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new UsageException("--policy must be block-critical, block-warnings or report-only, was " + value);
        }
    }

    private static String format(String value) throws UsageException {
        if (!value.equals("text") && !value.equals("json") && !value.equals("sarif")) {
            throw new UsageException("--format must be text, json or sarif, was " + value);
        }
        return value;
    }
}
