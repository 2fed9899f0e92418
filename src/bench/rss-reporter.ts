/**
 * Preloaded into CLI runs by the benchmark (node --import) on a machine
 * without GNU time (/usr/bin/time, which times every command, pandoc's and
 * standpoint's alike, when it is there): writes the
 * process's peak resident memory (KiB) and CPU time (ms, user + system),
 * worker threads included, as JSON to the file named by STANDPOINT_BENCH_RSS
 * when the process exits.
 */
import { writeFileSync } from 'node:fs';

const target = process.env.STANDPOINT_BENCH_RSS;
if (target) {
  process.on('exit', () => {
    const u = process.resourceUsage();
    writeFileSync(target, JSON.stringify({ maxRssKb: u.maxRSS, cpuMs: (u.userCPUTime + u.systemCPUTime) / 1000 }));
  });
}
