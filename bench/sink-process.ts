/**
 * A benchmark's receiving end (SMTP sink, push service, webhook receiver) in a process of its
 * own, so it does not share the sender's core. It sends one message once it listens, and
 * answers `{ type }` requests over IPC with a message of the same type (reset, report…).
 */
import { ChildProcess, fork } from 'node:child_process';

/** Starts `script` (TypeScript, run through swc) with the port as its argument; resolves once it listens. */
export function startSinkProcess(script: string, port: number): Promise<ChildProcess> {
  const child = fork(script, [String(port)], { execArgv: ['-r', '@swc-node/register'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`${script} exited with ${code}`)));
    child.once('message', () => resolve(child));
  });
}

/** Sends `{ type }` and resolves with the sink's answer of that type. */
export function askSink<T>(child: ChildProcess, type: string): Promise<T> {
  return new Promise((resolve) => {
    const listener = (message: { type: string } & T) => {
      if (message.type !== type) return;
      child.off('message', listener);
      resolve(message);
    };
    child.on('message', listener);
    child.send({ type });
  });
}
