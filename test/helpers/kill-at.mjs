// Preloaded into the CLI by the kill test (node --import): counts the file
// system operations of a transaction, from the creation of its staging folder
// on, and kills the process with SIGKILL just before operation number
// STANDPOINT_KILL_AT. With 0 it never kills and prints, on exit, how many
// operations there were and which ("renameSync>target" for a rename out of the
// staging folder into the document).
import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';

const killAt = Number(process.env.STANDPOINT_KILL_AT ?? '0');
let started = false;
let count = 0;
const names = [];
const OPERATIONS = ['mkdirSync', 'openSync', 'writeSync', 'fsyncSync', 'closeSync', 'renameSync', 'linkSync', 'copyFileSync', 'unlinkSync', 'rmSync', 'rmdirSync'];
for (const name of OPERATIONS) {
  const original = fs[name];
  fs[name] = function (...args) {
    if (name === 'mkdirSync' && String(args[0]).endsWith('.standpoint-transaction')) started = true;
    if (started) {
      names.push(name === 'renameSync' && !String(args[1]).includes('.standpoint-transaction') ? 'renameSync>target' : name);
      if (++count === killAt) process.kill(process.pid, 'SIGKILL');
    }
    return original.apply(this, args);
  };
}
syncBuiltinESMExports();
process.on('exit', () => {
  if (started) process.stderr.write(`kill-at: ${count} operations: ${names.join(' ')}\n`);
});
