# The api and the worker share one image; the compose file picks the command.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci
COPY . .
RUN npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim
WORKDIR /app
# Chromium prints the reports to PDF from the dashboard's report page (Debian's package, so it is
# patched with the rest of the system); DejaVu has every Vietnamese letter and tone mark.
RUN apt-get update \
  && apt-get install -y --no-install-recommends chromium fonts-dejavu-core \
  && rm -rf /var/lib/apt/lists/*
ENV NODE_ENV=production
ENV CHROMIUM_PATH=/usr/bin/chromium
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/libs/database/migrations ./libs/database/migrations
COPY --from=build /app/libs/database/seed ./libs/database/seed
USER node
EXPOSE 3000
CMD ["node", "dist/apps/api/apps/api/src/main.js"]
