# syntax=docker/dockerfile:1
#
# Taper image: one image for every role (TAPER_ROLE=all|api|worker|migrate).
#
# Tags: taper:<version> is the CPU image (the default: api, CPU workers, migrations, docker
# compose); taper:<version>-gpu is the CUDA build for GPU workers. <version> is the Helm chart's
# appVersion, which the chart runs unless image.tag says otherwise.
#
#   CPU (default):  docker build -t taper:0.1.0 .
#   GPU:            docker build -t taper:0.1.0-gpu \
#                     --build-arg PYTORCH_FLAVOR=cu128 \
#                     --build-arg LIBTORCH_URL=<libtorch 2.7.1 cu128 "shared-with-deps" zip> .
#
# Where the PyTorch natives come from: the Maven artifact ai.djl.pytorch:pytorch-native-<flavor>
# version 2.7.1, classifier linux-x86_64. Maven Central serves it for "cpu" only (checked against
# its maven-metadata.xml: cu124 stops at 2.5.1, cu121 at 2.3.1, cu126 and cu128 are not there), so
# -Dpytorch.flavor=<a CUDA flavour> fails at dependency resolution. DJL 0.36's JNI jar carries a
# cu128 JNI library, so a GPU image instead downloads the official libtorch 2.7.1+cu128 archive
# AT BUILD TIME (LIBTORCH_URL) and points DJL at it with PYTORCH_LIBRARY_PATH/PYTORCH_FLAVOR; the
# CPU natives stay on the classpath as DJL's fallback. The GPU path has not been built or run by
# the Taper authors yet: treat it as a starting point and verify it on a GPU node.
#
# Either way the container never downloads anything: the natives are extracted into DJL_CACHE_DIR
# here, and ai.djl.offline=true is set.

ARG PYTORCH_FLAVOR=cpu
# The <version> of the tag, recorded in the image's labels.
ARG TAPER_VERSION=0.1.0

FROM eclipse-temurin:17-jdk-jammy AS build
ARG PYTORCH_FLAVOR
ARG LIBTORCH_URL=
WORKDIR /src
COPY . .
# The Maven flavour is the requested one unless the natives come from a libtorch archive.
RUN --mount=type=cache,target=/root/.m2 \
    if [ -n "$LIBTORCH_URL" ]; then maven_flavor=cpu; else maven_flavor="$PYTORCH_FLAVOR"; fi \
    && ./mvnw -B -q -DskipTests -Dspotless.check.skip=true -Dpytorch.flavor="$maven_flavor" \
         -pl service -am package \
    && mkdir -p /opt/taper \
    && java -Djarmode=tools -jar service/target/taper-exec.jar extract --destination /opt/taper/app

# natives.env is read by the entrypoint; it stays empty for the Maven natives.
RUN set -e; : > /opt/taper/natives.env; \
    if [ -n "$LIBTORCH_URL" ]; then \
      apt-get update && apt-get install -y --no-install-recommends curl unzip; \
      curl -fsSL "$LIBTORCH_URL" -o /tmp/libtorch.zip; \
      unzip -q /tmp/libtorch.zip -d /opt && rm /tmp/libtorch.zip; \
      printf 'export PYTORCH_LIBRARY_PATH=/opt/libtorch/lib\nexport PYTORCH_FLAVOR=%s\nexport PYTORCH_VERSION=2.7.1\n' \
        "$PYTORCH_FLAVOR" > /opt/taper/natives.env; \
    else \
      mkdir -p /opt/libtorch; \
    fi

# Warm-up: load the engine once so DJL extracts its natives (and the JNI library) into the cache.
ENV DJL_CACHE_DIR=/opt/djl \
    ENGINE_CACHE_DIR=/opt/djl
RUN . /opt/taper/natives.env \
    && java -Dai.djl.offline=true -cp /opt/taper/app/taper-exec.jar dev.taper.observability.EngineInfo

FROM eclipse-temurin:17-jre-jammy
ARG PYTORCH_FLAVOR
ARG TAPER_VERSION
LABEL org.opencontainers.image.title="taper" \
      org.opencontainers.image.version="${TAPER_VERSION}" \
      org.opencontainers.image.description="Taper: go wide, then narrow (PyTorch natives: ${PYTORCH_FLAVOR})"

RUN groupadd --system --gid 10001 taper \
    && useradd --system --uid 10001 --gid taper --home-dir /var/lib/taper --shell /usr/sbin/nologin taper \
    && mkdir -p /var/lib/taper \
    && chown taper:taper /var/lib/taper

COPY --from=build --chown=taper:taper /opt/djl /opt/djl
COPY --from=build /opt/libtorch /opt/libtorch
COPY --from=build /opt/taper /opt/taper
COPY --chmod=0755 deploy/docker/entrypoint.sh deploy/docker/healthcheck.sh /opt/taper/bin/

ENV TAPER_ROLE=all \
    TAPER_HOME=/var/lib/taper \
    SERVER_PORT=8080 \
    DJL_CACHE_DIR=/opt/djl \
    ENGINE_CACHE_DIR=/opt/djl \
    JAVA_TOOL_OPTIONS="-Dai.djl.offline=true -XX:MaxRAMPercentage=75"

USER 10001:10001
WORKDIR /var/lib/taper
VOLUME ["/var/lib/taper"]
EXPOSE 8080
HEALTHCHECK --interval=15s --timeout=5s --start-period=120s --retries=3 \
  CMD ["/opt/taper/bin/healthcheck.sh", "readiness"]
ENTRYPOINT ["/opt/taper/bin/entrypoint.sh"]
