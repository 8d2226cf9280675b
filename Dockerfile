# The image of any dbops service, for docker-compose.yml: the service is a build argument.
#
#   ./mvnw -DskipTests package
#   docker build --build-arg SERVICE=migration-service --build-arg PORT=8081 -t dbops/migration-service .
#
# Layered: Spring Boot's jarmode=tools splits the jar into dependencies, spring-boot-loader,
# snapshot-dependencies and application, each copied as its own image layer, so that a code change
# rebuilds and ships only the last, small one.
# Debian 12 for its PostgreSQL 15 client (psql, pg_dump, pg_restore): backup-service dumps and
# restores with it, migration-service copies a target's schema with it to probe the locks of a plan;
# the JRE is Temurin's.
ARG JRE_IMAGE=eclipse-temurin:17.0.15_6-jre
ARG BASE_IMAGE=debian:12.11-slim

FROM ${JRE_IMAGE} AS jre

FROM ${JRE_IMAGE} AS layers
ARG SERVICE
WORKDIR /build
# any version: the poms alone name it (.dockerignore lets only the services' runnable jars in)
COPY ${SERVICE}/target/${SERVICE}-*.jar jars/
RUN set -- jars/*.jar && [ $# -eq 1 ] || { echo "expected one ${SERVICE} jar, found: $*" >&2; exit 1; }; \
    java -Djarmode=tools -jar "$1" extract --layers --launcher --destination extracted

FROM ${BASE_IMAGE}
ARG SERVICE
ARG PORT
ENV JAVA_HOME=/opt/java/openjdk PATH=/opt/java/openjdk/bin:$PATH
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates curl postgresql-client-15 \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --home-dir /app --shell /usr/sbin/nologin dbops \
 && mkdir -p /backups && chown dbops:dbops /backups
COPY --from=jre /opt/java/openjdk /opt/java/openjdk
WORKDIR /app
COPY --from=layers /build/extracted/dependencies/ ./
COPY --from=layers /build/extracted/spring-boot-loader/ ./
COPY --from=layers /build/extracted/snapshot-dependencies/ ./
COPY --from=layers /build/extracted/application/ ./
USER dbops
# PORT is the service's server.port (docker-compose.yml passes it; ComposeFileTest checks it)
ENV DBOPS_HEALTH_URL=http://127.0.0.1:${PORT}/actuator/health
EXPOSE ${PORT}
HEALTHCHECK --interval=10s --timeout=3s --start-period=90s --retries=5 \
  CMD curl -fsS "$DBOPS_HEALTH_URL" || exit 1
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError", "org.springframework.boot.loader.launch.JarLauncher"]
