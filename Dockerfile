# One image for both processes: the API (which serves the web app) by default, the worker with
# `node --single-threaded-gc --no-allocation-site-pretenuring dist/apps/worker/src/main.js` and MALLOC_ARENA_MAX=2
# (see docker-compose.yml; the node flags and the worker's environment are those of libs/config/src/node-flags.ts).
# It runs as the unprivileged `node` user in a root-owned, read-only /app and writes nothing to disk, so it needs
# CREDENTIAL_SIGNING_KEY (`npm run --silent keys:generate`) besides JWT_ACCESS_SECRET; test/deployment.e2e.spec.ts
# starts it that way.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci
COPY . .
# Production dependencies only: the compiler, test tools and the embedded PostgreSQL of `npm start` stay here.
RUN npm run build:web && npm prune --omit=dev

FROM node:20-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
# COPY writes root-owned files: the `node` user can read them but not change them.
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/apps/web/dist ./apps/web/dist
COPY package.json ./
USER node
EXPOSE 3000
CMD ["node", "--single-threaded-gc", "dist/apps/api/src/main.js"]
