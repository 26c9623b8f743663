/**
 * The console's front door for local use: serves the built single-page app and routes
 * /api/<service>/… to the four services, exactly as the Kubernetes ingress does, so the
 * browser talks to one origin (no CORS, cookies and CSP stay simple).
 *
 *   /api/tenant/*     → tenant-service              /api/auth/*       → auth-service
 *   /api/dispatch/*   → alert-dispatch-service      /api/responses/*  → response-collection-service
 *
 * Only the public API is reachable: after the prefix the path must start with /v1/ or
 * /.well-known/ — /internal/*, /metrics and /health/* stay inside the cluster.
 * Plain node:http, no dependencies; bodies and Server-Sent Events are streamed, never buffered.
 */
const http = require('node:http');
const fs = require('node:fs');
const path = require('node:path');

const routePrefixes = { tenant: 'tenant-service', auth: 'auth-service', dispatch: 'alert-dispatch-service', responses: 'response-collection-service' };
const publicPath = /^\/(v1|\.well-known)\//;
const contentTypes = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};
const securityHeaders = {
  'content-security-policy': "default-src 'self'; connect-src 'self'; img-src 'self' data: blob:; style-src 'self'; script-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
};

/** Where a request goes: `{ service, upstreamPath }`, `{ refused }` for non-public API paths, or undefined (static). */
function routeOf(url) {
  const match = /^\/api\/([a-z]+)(\/[^?#]*)?(\?.*)?$/.exec(url);
  if (!match) return undefined;
  const service = routePrefixes[match[1]];
  const upstreamPath = match[2] ?? '/';
  if (!service || !publicPath.test(upstreamPath) || upstreamPath.includes('/../')) return { refused: true };
  return { service, upstreamPath: upstreamPath + (match[3] ?? '') };
}

function sendError(response, statusCode, error, message) {
  response.writeHead(statusCode, { 'content-type': 'application/json', ...securityHeaders });
  response.end(JSON.stringify({ statusCode, error, message }));
}

function proxy(request, response, upstream, upstreamPath) {
  const headers = { ...request.headers, 'x-forwarded-for': request.socket.remoteAddress ?? '', 'x-forwarded-proto': 'http', 'x-forwarded-host': request.headers.host ?? '' };
  delete headers.host;
  delete headers.connection;
  const outgoing = http.request({ host: upstream.host, port: upstream.port, method: request.method, path: upstreamPath, headers }, (incoming) => {
    response.writeHead(incoming.statusCode ?? 502, incoming.headers);
    // Server-Sent Events must reach the browser as they come.
    response.flushHeaders();
    incoming.pipe(response);
  });
  outgoing.on('error', () => {
    if (response.headersSent) response.destroy();
    else sendError(response, 502, 'Bad Gateway', 'the service is not reachable; try again in a moment');
  });
  // A closed browser tab ends the upstream request too (an SSE stream would otherwise live on).
  response.on('close', () => outgoing.destroy());
  request.pipe(outgoing);
}

function serveStatic(request, response, staticDirectory) {
  if (request.method !== 'GET' && request.method !== 'HEAD') return sendError(response, 405, 'Method Not Allowed', 'only GET here');
  const pathname = decodeURIComponent(new URL(request.url, 'http://console').pathname);
  const file = path.join(staticDirectory, path.normalize(pathname).replace(/^(\.\.[/\\])+/, ''));
  const isAsset = file.startsWith(staticDirectory + path.sep) && fs.existsSync(file) && fs.statSync(file).isFile();
  // Any other path is a screen of the single-page app (e.g. /activate, /alerts/<id>).
  const chosen = isAsset ? file : path.join(staticDirectory, 'index.html');
  if (!fs.existsSync(chosen)) return sendError(response, 503, 'Service Unavailable', 'the console is not built: run `npm run build`');
  const hashed = isAsset && pathname.startsWith('/assets/');
  response.writeHead(200, {
    'content-type': contentTypes[path.extname(chosen)] ?? 'application/octet-stream',
    'cache-control': hashed ? 'public, max-age=31536000, immutable' : 'no-cache',
    ...securityHeaders,
  });
  if (request.method === 'HEAD') return response.end();
  fs.createReadStream(chosen).pipe(response);
}

/**
 * Starts the gateway. `upstreams` maps service name → { host, port }.
 * Resolves with the listening server.
 */
function startConsoleGateway({ port, host = '127.0.0.1', staticDirectory = path.resolve(__dirname, '../dist'), upstreams }) {
  const server = http.createServer((request, response) => {
    const route = routeOf(request.url ?? '/');
    if (!route) return serveStatic(request, response, path.resolve(staticDirectory));
    if (route.refused) return sendError(response, 404, 'Not Found', 'no such public API path');
    proxy(request, response, upstreams[route.service], route.upstreamPath);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve(server));
  });
}

module.exports = { startConsoleGateway, routeOf };
