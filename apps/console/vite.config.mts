import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

/** `vite build --config apps/console/vite.config.mts` → apps/console/dist, served by gateway/. */
export default defineConfig({
  root,
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: false, target: 'es2022', reportCompressedSize: true },
  server: {
    port: 5173,
    // `vite` for development: the same /api/* routes as the gateway and the ingress.
    proxy: Object.fromEntries(
      Object.entries({ tenant: 3001, auth: 3002, dispatch: 3003, responses: 3004 }).map(([prefix, port]) => [
        `/api/${prefix}`,
        { target: `http://127.0.0.1:${port}`, rewrite: (path: string) => path.replace(`/api/${prefix}`, '') },
      ]),
    ),
  },
});
