/* The machine's facts and the backend's resident memory, for the results. */
import { readFileSync } from 'node:fs';
import os from 'node:os';
import type { Pool } from 'pg';

export async function machineFacts(pool: Pool) {
  const { rows } = await pool.query<{ server_version: string }>(
    'show server_version',
  );
  const settings = await pool.query<{ name: string; setting: string }>(
    `select name, setting from pg_settings
     where name in ('shared_buffers', 'work_mem', 'effective_cache_size', 'max_parallel_workers_per_gather')`,
  );
  return {
    cores: os.cpus().length,
    cpu: os.cpus()[0]?.model,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    postgres: rows[0].server_version,
    postgresSettings: Object.fromEntries(
      settings.rows.map(row => [row.name, row.setting]),
    ),
  };
}

/** A process's resident set and its peak so far (the kernel's VmRSS and VmHWM), in MB. */
function residentMemory(pid: number) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kilobytes = (field: string) =>
    Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1] ?? 0);
  return { rss: kilobytes('VmRSS') / 1024, peak: kilobytes('VmHWM') / 1024 };
}

/** Samples a process's resident memory every second until stopped. */
export function watchMemory(pid: number) {
  let highest = 0;
  const read = () => {
    try {
      highest = Math.max(highest, residentMemory(pid).rss);
    } catch {
      // the process has gone
    }
  };
  const timer = setInterval(read, 1_000);
  return {
    /** The highest resident set seen and the kernel's peak, in MB. */
    stop() {
      read();
      clearInterval(timer);
      let peak = highest;
      try {
        peak = residentMemory(pid).peak;
      } catch {
        // the process has gone: the samples are all there is
      }
      return { sampledMaxMB: highest, peakMB: peak };
    },
  };
}
