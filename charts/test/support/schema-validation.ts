import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { repositoryRoot } from '@anpi/testing';
import { KubeObject } from './k8s-tools';

export interface SchemaProblem {
  object: string;
  problem: string;
}

/** Every object against its schema (see validate-objects.mjs); [] when all are valid. */
export function schemaProblems(objects: KubeObject[]): SchemaProblem[] {
  const output = execFileSync(process.execPath, [resolve(__dirname, 'validate-objects.mjs')], {
    cwd: repositoryRoot,
    input: JSON.stringify(objects),
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  return JSON.parse(output) as SchemaProblem[];
}
