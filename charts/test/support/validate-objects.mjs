// Validates Kubernetes objects (a JSON array on stdin) and prints the problems as JSON.
// A separate ES module because the kubernetes-models packages are ESM-only, while Jest runs
// our tests as CommonJS. Core types, prometheus-operator and KEDA: their models' schemas;
// CloudNativePG and Strimzi: the strict JSON schemas in k8s/schemas.
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv from 'ajv';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const modelModules = {
  'monitoring.coreos.com/': (version) => `@kubernetes-models/prometheus-operator/monitoring.coreos.com/${version}`,
  'keda.sh/': (version) => `@kubernetes-models/keda/keda.sh/${version}`,
};

const ajv = new Ajv({ allErrors: false, strict: false });
const crdSchemas = new Map();
for (const file of readdirSync(resolve(root, 'k8s/schemas')).filter((name) => name.endsWith('.json'))) {
  const schema = JSON.parse(readFileSync(resolve(root, 'k8s/schemas', file), 'utf8'));
  crdSchemas.set(`${schema.properties.apiVersion.const}|${schema.properties.kind.const}`, ajv.compile(schema));
}

async function modelFor(apiVersion, kind) {
  const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : ['', apiVersion];
  const special = Object.entries(modelModules).find(([prefix]) => `${group}/`.startsWith(prefix));
  const specifier = special ? special[1](version) : `kubernetes-models/${group ? `${group}/` : ''}${version}`;
  const module = await import(specifier).catch(() => undefined);
  return module?.[kind];
}

const objects = JSON.parse(readFileSync(0, 'utf8'));
const problems = [];
for (const object of objects) {
  const where = `${object.kind}/${object.metadata?.name}`;
  const crd = crdSchemas.get(`${object.apiVersion}|${object.kind}`);
  if (crd) {
    if (!crd(object)) problems.push({ object: where, problem: ajv.errorsText(crd.errors) });
    continue;
  }
  const Model = await modelFor(object.apiVersion, object.kind);
  if (!Model) {
    problems.push({ object: where, problem: `no schema for ${object.apiVersion} ${object.kind}` });
    continue;
  }
  try {
    new Model(object).validate();
  } catch (error) {
    problems.push({ object: where, problem: error.message });
  }
}
process.stdout.write(JSON.stringify(problems));
