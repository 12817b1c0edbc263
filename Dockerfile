# Multi-stage build. `build` installs everything from the lock file and compiles the server (dist/) and the web client
# (client/dist; `client:build` first generates the client's API types from the server's OpenAPI document); `runtime`
# installs production dependencies only and runs the compiled JavaScript with node as the unprivileged `node`
# user. docker-compose.yml runs the API and the worker from this image.

FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build && npm run client:build

FROM node:20-bookworm-slim AS production-dependencies
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

FROM node:20-bookworm-slim AS runtime
# PDF letters print every script (server/mail/pdf-fonts.ts): Noto fonts from Debian
RUN apt-get update && apt-get install -y --no-install-recommends fonts-noto-core fonts-noto-cjk && rm -rf /var/lib/apt/lists/*
ENV NODE_ENV=production
WORKDIR /app
# read-only for the user that runs it: everything belongs to root
COPY package.json ./
COPY --from=production-dependencies /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/client/dist ./client/dist
COPY templates ./templates
COPY seeds/policies ./seeds/policies
COPY seeds/datasets ./seeds/datasets
COPY seeds/registry-review.json ./seeds/registry-review.json
USER node
EXPOSE 3000 2525
# the API; the worker is `node dist/server/worker.js`, migrations and seeds `node dist/scripts/db.js migrate|seed`
CMD ["node", "dist/server/main.js"]
