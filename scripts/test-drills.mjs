// `npm run test:drills`: outage drills (test/drills/*.drill.ts), each on a PostgreSQL cluster and a Redis
// server of its own, started on free ports: never the machine's shared ones. Slower than `npm test`.
import { spawn } from 'node:child_process';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';

const dir = 'dist/test/drills';
const files = (await readdir(dir)).filter((name) => name.endsWith('.drill.js')).map((name) => join(dir, name));
const env = { ...process.env, NODE_ENV: 'test', LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent', DEMO_DATA: 'false' };
const child = spawn(process.execPath, ['--test', '--test-concurrency=1', '--test-timeout=900000', ...files], { env, stdio: 'inherit' });
child.on('exit', (status, signal) => process.exit(status ?? (signal ? 1 : 0)));
