import { readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join, normalize, resolve } from 'node:path';

/**
 * `npm run build` is `tsc -b`: a project that imports @anpi/<lib> without a project reference to
 * it compiles only when that library happens to be built already — true in a working copy,
 * false in CI's fresh clone. Every import of a library needs a reference.
 */
const root = resolve(__dirname, '..');

function sourceFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') ? [path] : [];
  });
}

const projects = [
  ...readdirSync(join(root, 'apps')).map((name) => join(root, 'apps', name, 'tsconfig.app.json')),
  ...readdirSync(join(root, 'libs')).map((name) => join(root, 'libs', name, 'tsconfig.lib.json')),
].filter((config) => {
  try {
    readFileSync(config);
    return true;
  } catch {
    return false;
  }
});

describe('TypeScript project references', () => {
  it.each(projects.map((config) => [basename(dirname(config)), config]))('%s references every @anpi library it imports', (name, config) => {
    const referenced = new Set(
      ((JSON.parse(readFileSync(config, 'utf8')) as { references?: { path: string }[] }).references ?? []).map((reference) => basename(dirname(normalize(join(dirname(config), reference.path))))),
    );
    const imported = new Set(sourceFiles(join(dirname(config), 'src')).flatMap((file) => [...readFileSync(file, 'utf8').matchAll(/from '@anpi\/([a-z-]+)'/g)].map((match) => match[1])));
    imported.delete(name);
    expect([...imported].filter((library) => !referenced.has(library)).sort()).toEqual([]);
  });
});
