// `npm run dev`: the reference server and Vite's dev server together; Ctrl-C stops both.
import { spawn } from 'node:child_process';

const children = [
  spawn('npx', ['tsx', 'server/src/main.ts', '--demo-market', '--faults'], {
    stdio: 'inherit',
    env: { ...process.env, TICK_MS: process.env.TICK_MS ?? '2000' },
  }),
  spawn('npx', ['vite', '--config', 'vite.dev.config.ts'], { stdio: 'inherit' }),
];

const stop = () => {
  for (const child of children) child.kill('SIGTERM');
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
for (const child of children)
  child.on('exit', (code) => {
    stop();
    process.exitCode = code ?? 0;
  });
