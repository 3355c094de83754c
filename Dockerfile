# Vigil service + dashboard. Build from the repo root: docker build -t vigil .
FROM node:20-bookworm-slim
WORKDIR /app
ENV NX_DAEMON=false NODE_ENV=production
COPY package.json package-lock.json ./
COPY prisma ./prisma
RUN npm ci --no-audit --no-fund
COPY . .
RUN npx nx run dashboard:build --outputStyle=static
EXPOSE 3000 2575
CMD ["node", "-r", "@swc-node/register", "apps/ingest/src/main.ts"]
