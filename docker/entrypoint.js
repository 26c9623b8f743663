'use strict';
// The image's one entry point: `serve` (default) starts the service, `migrate` runs its
// migrations as the database owner role (the chart's pre-install/pre-upgrade Job) and exits.
// Plain JavaScript so the image needs no shell (read-only root filesystem, tini as PID 1).
const { resolve } = require('node:path');

const entryPoints = { serve: 'main.js', migrate: 'migrate.js' };
const service = process.env.ANPI_SERVICE;
const command = process.argv[2] ?? 'serve';

if (!service || !/^[a-z-]+$/.test(service)) {
  process.stderr.write('ANPI_SERVICE must name the service (set by the image)\n');
  process.exit(64);
}
if (!(command in entryPoints)) {
  process.stderr.write(`unknown command "${command}"; use one of: ${Object.keys(entryPoints).join(', ')}\n`);
  process.exit(64);
}
require(resolve(__dirname, '..', 'apps', service, 'dist', entryPoints[command]));
