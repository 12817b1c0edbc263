FROM node:20-bookworm-slim
# PDF letters print every script (server/mail/pdf-fonts.ts): Noto fonts from Debian
RUN apt-get update && apt-get install -y --no-install-recommends fonts-noto-core fonts-noto-cjk && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
ENV NODE_ENV=production
