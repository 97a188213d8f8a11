# Skill Gateway: one image of the compiled gateway (npm run build), run with node
# directly (no npm, no wrapper process, no TypeScript loader),
# so SIGTERM from the orchestrator reaches the gateway and it drains and exits.
#   docker build -t skill-gateway .
#   docker run -p 4000:4000 -v gateway-data:/data skill-gateway
# Embedded (SQLite under /data) by default; set DATABASE_URL=postgres://… and
# REDIS_URL=redis://… for the distributed mode. NODE_ENV=production: no demo token.

FROM node:20-bookworm-slim AS build
WORKDIR /app
# better-sqlite3 compiles from source when no prebuilt binary can be fetched.
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json prisma.config.ts tsconfig.json tsconfig.build.json ./
COPY prisma ./prisma
COPY bin ./bin
COPY src ./src
# All dependencies to compile (npm run build: tsc, then the assets beside the code), then
# only the runtime ones are kept.
RUN npm ci && npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=4000 \
    DATA_DIR=/data \
    SEED_DEMO_DATA=0
COPY --from=build /app/node_modules ./node_modules
COPY package.json ./
# The compiled gateway: its modules (the generated Prisma clients among them), the files
# it reads beside them and the migrations it applies on start (dist/prisma).
COPY --from=build /app/dist ./dist
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 4000
HEALTHCHECK --interval=15s --timeout=3s --start-period=30s \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||4000)+'/readyz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["node", "dist/src/main.js"]
