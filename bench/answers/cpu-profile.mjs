// Preloaded into each service process by `run.ts --cpu-prof DIR` (NODE_OPTIONS=--import; node
// refuses --cpu-prof itself in NODE_OPTIONS): profiles the whole process and writes
// DIR/<pid>.cpuprofile when it exits (open in Chrome DevTools or speedscope).
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { join } from 'node:path';

const directory = process.env.ANPI_CPU_PROFILE_DIR;
const session = new Session();
session.connect();
session.post('Profiler.enable');
session.post('Profiler.start');
process.on('exit', () => {
  // An in-process inspector session answers synchronously, so this runs before the exit.
  session.post('Profiler.stop', (error, result) => {
    if (!error) writeFileSync(join(directory, `${process.pid}.cpuprofile`), JSON.stringify(result.profile));
  });
});
