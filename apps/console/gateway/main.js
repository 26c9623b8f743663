#!/usr/bin/env node
/**
 * `npm start` runs this (scripts/local-services.js): the console on http://127.0.0.1:3000
 * (CONSOLE_PORT), the API behind it on the local services' ports.
 */
const { localServices } = require('../../../libs/testing/dist');
const { startConsoleGateway } = require('./console-gateway');

const port = Number(process.env.CONSOLE_PORT ?? 3000);
const upstreams = Object.fromEntries(Object.entries(localServices).map(([service, { port: servicePort }]) => [service, { host: '127.0.0.1', port: servicePort }]));

startConsoleGateway({ port, upstreams }).then(
  (server) => {
    console.log(JSON.stringify({ level: 'info', msg: `console on http://127.0.0.1:${port}` }));
    // Open Server-Sent Events streams would keep close() waiting for ever.
    const close = () => (server.closeAllConnections(), server.close(() => process.exit(0)));
    process.once('SIGTERM', close);
    process.once('SIGINT', close);
  },
  (error) => {
    console.error(JSON.stringify({ level: 'error', msg: `console gateway failed: ${error.message}` }));
    process.exit(1);
  },
);
