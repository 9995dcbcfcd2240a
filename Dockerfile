# The API and the worker run from this one image; docker-compose.yml starts each with its command.
FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build && npm prune --omit=dev

FROM node:24-bookworm-slim
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
# Where docker-compose.yml keeps the generated secrets (a named volume takes this owner).
RUN mkdir -p /var/lib/albergue && chown node:node /var/lib/albergue
USER node
EXPOSE 3000
CMD ["node", "--max-semi-space-size=4", "--max-old-space-size=256", "dist/apps/api/src/main.js"]
