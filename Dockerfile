# syntax=docker/dockerfile:1
#
# One Dockerfile for every docpipe image; the module is a build argument:
#
#   docker build --build-arg MODULE=image-converter -t docpipe/image-converter .
#
# MODULE is any module with an executable jar: ingestion-service, chunking-orchestrator,
# large-doc-worker, small-doc-worker, image-converter, inference-dispatcher, failsafe-worker,
# model-endpoint, db-migrations, local-runner (whose image also runs the topology job).
# docker compose builds them all; the build stage does not depend on MODULE, so it runs once.

FROM eclipse-temurin:21-jdk-noble AS build
WORKDIR /src
COPY . .
# The Maven repository is a cache mount: dependencies are downloaded once per builder, not per image.
RUN --mount=type=cache,target=/root/.m2 \
    ./mvnw -B -q -DskipTests -pl '!deploy,!benchmarks' package

FROM build AS extract
ARG MODULE
# Spring Boot's layers (dependencies, loader, snapshot dependencies, application) become image
# layers, so a code change rebuilds only the last, small one. The extracted application.jar names
# its libraries in its manifest's Class-Path, so `java -jar application.jar` needs no launcher, and
# the document sandbox can start its child JVMs from the same class path.
RUN test -n "$MODULE" || { echo "--build-arg MODULE=<module> is required" >&2; exit 1; } \
 && cp "${MODULE}/target/${MODULE}-0.1.0-SNAPSHOT-exec.jar" /tmp/application.jar \
 && java -Djarmode=tools -jar /tmp/application.jar extract --layers --destination /layers

FROM eclipse-temurin:21-jre-noble
# curl for the health checks; DejaVu fonts because PDFBox substitutes them for fonts a PDF does
# not embed (the same fonts the build machines have, so pages render alike).
RUN apt-get update \
 && apt-get install -y --no-install-recommends curl fonts-dejavu-core \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --system --gid 10001 docpipe \
 && useradd --system --uid 10001 --gid docpipe --create-home --home-dir /home/docpipe docpipe
WORKDIR /application
COPY --from=extract /layers/dependencies/ ./
COPY --from=extract /layers/spring-boot-loader/ ./
COPY --from=extract /layers/snapshot-dependencies/ ./
COPY --from=extract /layers/application/ ./
# Not root. The user has a home because JavaCPP unpacks the OCR model's native libraries
# (bundled in the model endpoint's jar for linux-x86_64) under ~/.javacpp/cache.
USER 10001:10001
# Heap as a share of the container's memory limit; the document sandbox's child JVMs set their own.
ENV JAVA_OPTS="-XX:MaxRAMPercentage=60 -XX:+ExitOnOutOfMemoryError --enable-native-access=ALL-UNNAMED"
ENTRYPOINT ["sh", "-c", "exec java $JAVA_OPTS -jar application.jar \"$@\"", "--"]
