# The api and the worker share one image; the compose file picks the command.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci
COPY . .
RUN npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/libs/database/migrations ./libs/database/migrations
COPY --from=build /app/libs/database/seed ./libs/database/seed
USER node
EXPOSE 3000
CMD ["node", "dist/apps/api/apps/api/src/main.js"]
