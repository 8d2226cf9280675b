package dev.dbops.common.target;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The databases dbops manages, by id: {@code dbops.targets.<id>.url|username|password|password-file}.
 *
 * @param allowedSources ce_source patterns whose requests are accepted for targets that name none;
 *     {@code *} matches anything, a trailing {@code *} a prefix. Default: only dbops's own services.
 */
@ConfigurationProperties("dbops")
public record TargetProperties(@DefaultValue Map<String, TargetSettings> targets,
        @DefaultValue Security security) {

    public record TargetSettings(@Nullable String url, @Nullable String username, @Nullable String password,
            @Nullable Path passwordFile, @Nullable List<String> allowedSources) {

        @Override
        public String toString() {
            return "TargetSettings[url=" + url + ", username=" + username + ", password="
                    + (password == null ? null : Target.REDACTED) + ", passwordFile=" + passwordFile
                    + ", allowedSources=" + allowedSources + "]";
        }
    }

    public record Security(@DefaultValue("/dbops/*") List<String> allowedSources) {
    }
}
