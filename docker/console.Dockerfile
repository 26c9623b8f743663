# syntax=docker/dockerfile:1.7
# The web console: static files (vite build) behind an unprivileged nginx on port 8080.
#   docker build -f docker/console.Dockerfile -t anpi-console .
ARG NODE_IMAGE=node:20.19-bookworm-slim
FROM ${NODE_IMAGE} AS build
WORKDIR /src
COPY . .
RUN npm ci --no-audit --no-fund && npm run build

FROM nginxinc/nginx-unprivileged:1.29-alpine AS runtime
COPY docker/console-nginx.conf /etc/nginx/conf.d/default.conf
COPY --from=build /src/apps/console/dist /usr/share/nginx/html
USER 101
EXPOSE 8080
