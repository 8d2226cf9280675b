package dev.dbops.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The project's version is named by the poms alone: scripts, Dockerfiles, tests and documents derive it
 * (a jar glob, the root pom read by lib.sh, {@link Repo#version}), so a release changes the poms and
 * nothing else.
 */
final class VersionChecks {

    /** Build output, local state and other repositories' files, never the project's sources. */
    private static final Set<String> SKIPPED_FOLDERS = Set.of(".git", "target", ".dbops", "node_modules", ".idea");

    private final Path root;

    VersionChecks(Path root) {
        this.root = root;
    }

    /** Every line outside a pom.xml that names the version. */
    List<String> problems() {
        String version = Repo.version(root);
        List<String> problems = new ArrayList<>();
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    return SKIPPED_FOLDERS.contains(dir.getFileName().toString()) && !dir.equals(root)
                            ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    if (!file.getFileName().toString().equals("pom.xml")) {
                        List<String> lines = textLines(file);
                        for (int i = 0; i < lines.size(); i++) {
                            if (lines.get(i).contains(version)) {
                                problems.add(root.relativize(file) + ":" + (i + 1) + " names the version " + version
                                        + " (only the poms may; derive it)");
                            }
                        }
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        problems.sort(null);
        return problems;
    }

    private static List<String> textLines(Path file) {
        try {
            if (Files.size(file) > 5_000_000) {
                return List.of();
            }
            return List.of(StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(file)))
                    .toString().split("\\R", -1));
        } catch (CharacterCodingException binary) {
            return List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
