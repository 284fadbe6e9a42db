# syntax=docker/dockerfile:1
# Two images from one build (docs/deploy.md):
#   docker build --target functions -t batch-translator-functions .   Azure Functions host, for Functions on
#                                                                      Azure Container Apps (the platform scales
#                                                                      it on queue length)
#   docker build --target worker -t batch-translator-worker .         the standalone worker (npm run serve) for
#                                                                      Kubernetes + KEDA or any container host
# test/infra/deployManifests.test.ts checks the worker's command against package.json and the docs.

# ---- build: compile TypeScript, then keep only production dependencies ----------------------------------
FROM node:22-slim AS build
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json host.json ./
COPY src ./src
RUN npm run build && npm prune --omit=dev

# ---- functions: the Functions host runs the same compiled app as Flex Consumption --------------------------
FROM mcr.microsoft.com/azure-functions/node:4-node22 AS functions
ENV AzureWebJobsScriptRoot=/home/site/wwwroot \
    AzureFunctionsJobHost__Logging__Console__IsEnabled=true
WORKDIR /home/site/wwwroot
COPY --from=build /src/package.json /src/host.json ./
COPY --from=build /src/node_modules ./node_modules
COPY --from=build /src/dist ./dist

# ---- worker: the standalone worker (HTTP API, queue workers, /api/health, /api/ready, /metrics) ------------
FROM node:22-slim AS worker
ENV NODE_ENV=production \
    BIND_ADDRESS=0.0.0.0 \
    PORT=7071
WORKDIR /app
# host.json: the worker reads the queue settings and functionTimeout (its shutdown bound) from it.
COPY --from=build /src/package.json /src/host.json ./
COPY --from=build /src/node_modules ./node_modules
COPY --from=build /src/dist ./dist
# The image's unprivileged user (uid 1000); the files stay root-owned and read-only to it.
USER node
EXPOSE 7071
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 7071) + '/api/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# SIGTERM: stop taking work, let in-flight items finish (at most host.json functionTimeout), exit 0.
STOPSIGNAL SIGTERM
CMD ["node", "dist/src/runtime/serve.js"]
