import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { topicsManifest } from './topics-manifest';

// Writes k8s/strimzi/topics.yaml from the contracts (see topics-manifest.ts).
writeFileSync(resolve(__dirname, 'topics.yaml'), topicsManifest());
