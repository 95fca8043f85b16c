import { type ChildProcess, spawn } from 'node:child_process';

export { freePort as closedPort } from '../../apps/launcher/src/local-services.js';

export interface Spawned {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
  /** Resolves when the output matches, rejects when the process exits first or time runs out. */
  waitFor: (pattern: RegExp, timeoutMs?: number) => Promise<void>;
}

/**
 * Runs one of the built entry points (dist/…) as a new user would, with exactly the given environment and
 * arguments; `as` runs it from another folder, as another system user (what a container image does).
 */
export function runEntryPoint(
  script: string,
  env: Record<string, string>,
  as: { cwd?: string; uid?: number; gid?: number; args?: string[]; nodeFlags?: string[] } = {},
): Spawned {
  const { args = [], nodeFlags = [], ...options } = as;
  const child = spawn(process.execPath, [...nodeFlags, script, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'], ...options });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  const waitFor = (pattern: RegExp, timeoutMs = 60_000) =>
    new Promise<void>((done, fail) => {
      const started = Date.now();
      const timer = setInterval(() => {
        if (pattern.test(output)) {
          clearInterval(timer);
          done();
        } else if (child.exitCode !== null || Date.now() - started > timeoutMs) {
          clearInterval(timer);
          fail(new Error(`waited for ${pattern} in vain; output:\n${output}`));
        }
      }, 100);
    });
  return { child, output: () => output, exited, waitFor };
}
