/**
 * Preloaded into CLI runs by the benchmark (node --import): writes the
 * process's peak resident memory (KiB, worker threads included) to the file
 * named by STANDPOINT_BENCH_RSS when the process exits.
 */
import { writeFileSync } from 'node:fs';

const target = process.env.STANDPOINT_BENCH_RSS;
if (target) process.on('exit', () => writeFileSync(target, String(process.resourceUsage().maxRSS)));
