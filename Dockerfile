# Vigil service + dashboard. Build from the repo root: docker build -t vigil .
FROM node:20-bookworm-slim
WORKDIR /app
ENV NX_DAEMON=false
COPY package.json package-lock.json ./
# postinstall generates the Prisma client from the schema (offline).
COPY prisma ./prisma
# Dev dependencies are needed to build (nx, vite, prisma CLI); the service runs TypeScript through swc.
RUN npm ci --include=dev --no-audit --no-fund
COPY . .
RUN npx nx run dashboard:build --outputStyle=static
ENV NODE_ENV=production HOST=0.0.0.0
EXPOSE 3000 2575
HEALTHCHECK --interval=10s --timeout=3s --retries=6 CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
CMD ["node", "-r", "@swc-node/register", "apps/ingest/src/main.ts"]
