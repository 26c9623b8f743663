#!/usr/bin/env node
/**
 * Regenerates `compilerOptions.paths` of the root tsconfig.json (used by type-check and
 * editors) from the folders in libs/, so a new library needs no hand edit there.
 * Runs as part of `npm run typecheck`.
 */
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const file = path.join(root, 'tsconfig.json');
const config = JSON.parse(fs.readFileSync(file, 'utf8'));
const libraries = fs
  .readdirSync(path.join(root, 'libs'))
  .filter((name) => fs.existsSync(path.join(root, 'libs', name, 'src/index.ts')))
  .sort();
const paths = Object.fromEntries(libraries.map((name) => [`@anpi/${name}`, [`libs/${name}/src/index.ts`]]));
if (JSON.stringify(paths) !== JSON.stringify(config.compilerOptions.paths)) {
  config.compilerOptions.paths = paths;
  fs.writeFileSync(file, `${JSON.stringify(config, null, 2)}\n`);
  console.log(`[tsconfig] paths updated: ${libraries.join(', ')}`);
}
