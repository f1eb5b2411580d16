# syntax=docker/dockerfile:1
#
# One Dockerfile for the four invsync services. Pick the service with the build argument MODULE:
#   docker build --build-arg MODULE=inventory-service -t invsync/inventory-service .
# docker-compose.yml sets MODULE for each service. Needs BuildKit (the default of `docker compose` v2 and of
# Docker Engine 23+) for the Maven cache mount.

ARG BUILD_IMAGE=maven:3.9-eclipse-temurin-17
ARG RUNTIME_IMAGE=eclipse-temurin:17-jre

# ---- build: the module and the modules it depends on (-am), tests skipped ----
FROM ${BUILD_IMAGE} AS build
ARG MODULE
WORKDIR /src
COPY . .
# The maven image sets MAVEN_CONFIG=/root/.m2, which some wrapper scripts take as an extra argument: clear it.
# The cache mount keeps ~/.m2 (the wrapper's Maven and the local repository) between builds.
RUN --mount=type=cache,target=/root/.m2 \
    set -eu; \
    if [ -z "${MODULE:-}" ]; then echo "build argument MODULE is required" >&2; exit 1; fi; \
    chmod +x mvnw; \
    MAVEN_CONFIG= ./mvnw -B -q -DskipTests package -pl "${MODULE}" -am; \
    cp "${MODULE}/target/${MODULE}-0.1.0-SNAPSHOT-exec.jar" /app.jar

# ---- runtime: the Spring Boot executable jar on a JRE ----
FROM ${RUNTIME_IMAGE}
ARG MODULE
LABEL org.opencontainers.image.title="invsync ${MODULE}"
# curl is used by the compose healthcheck. The Ubuntu-based eclipse-temurin images ship it; install it only
# if a future base image drops it.
RUN set -eu; \
    if ! command -v curl >/dev/null 2>&1; then \
      apt-get update; \
      DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends curl; \
      rm -rf /var/lib/apt/lists/*; \
    fi; \
    useradd --system --uid 10001 --user-group --home-dir /app --shell /usr/sbin/nologin invsync; \
    mkdir -p /app; \
    chown invsync:invsync /app
WORKDIR /app
COPY --from=build --chown=invsync:invsync /app.jar /app/app.jar
USER invsync
ENV INVSYNC_MODULE=${MODULE} \
    JAVA_OPTS=""
# exec: java is PID 1 and gets SIGTERM from `docker stop`, so Spring shuts down gracefully
ENTRYPOINT ["sh", "-c", "exec java $JAVA_OPTS -jar /app/app.jar \"$@\"", "--"]
