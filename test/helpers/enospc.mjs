// Preloaded into the CLI by tests (node --import) to simulate a full disk:
// every write to a file fails with ENOSPC, as on a full file system.
import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';

const original = fs.writeSync;
fs.writeSync = function writeSync(fd, ...rest) {
  if (fd > 2) {
    const err = new Error('ENOSPC: no space left on device, write');
    err.code = 'ENOSPC';
    err.errno = -28;
    err.syscall = 'write';
    throw err;
  }
  return original.call(this, fd, ...rest);
};
syncBuiltinESMExports();
