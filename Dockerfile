# Vigil service + dashboard. Build from the repo root: docker build --build-arg VIGIL_COMMIT=$(git rev-parse --short=12 HEAD) -t vigil .
# Three stages: build (all dependencies: compiles the service and CLI to JavaScript, bundles the
# dashboard), deps (production dependencies only), and the runtime image: compiled output,
# production node_modules, the migrations, a non-root user. No TypeScript, Vite, nx or swc in it.

FROM node:20-bookworm-slim AS build
WORKDIR /app
ENV NX_DAEMON=false
COPY package.json package-lock.json ./
# postinstall generates the Prisma client from the schema (offline).
COPY prisma ./prisma
RUN npm ci --include=dev --no-audit --no-fund
COPY . .
RUN npx nx run-many -t build -p ingest,cli,dashboard --outputStyle=static --skip-nx-cache

FROM node:20-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
# Production dependencies only; no install scripts (the Prisma client is generated and compiled in the build stage).
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund

FROM node:20-bookworm-slim
ARG VIGIL_COMMIT=""
ENV NODE_ENV=production HOST=0.0.0.0 VIGIL_COMMIT=${VIGIL_COMMIT}
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /app/dist/node ./dist/node
COPY --from=build /app/dist/apps/dashboard ./dist/apps/dashboard
COPY package.json ./
COPY prisma/migrations ./prisma/migrations
# The embedded database's directory (a volume in compose) belongs to the service's user.
RUN mkdir -p /app/.data && chown node:node /app/.data
USER node
EXPOSE 3000 2575
# Liveness only (GET /health does not query the database); load balancers and compose use GET /ready.
HEALTHCHECK --interval=10s --timeout=3s --retries=6 CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
# The CLI: docker run --rm vigil node dist/node/apps/cli/src/main.js --help
CMD ["node", "--enable-source-maps", "dist/node/apps/ingest/src/main.js"]
