import { spawn, spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Whether Debian's `prometheus` is installed (`scripts/dev.sh test` installs it). */
export function prometheusInstalled(): boolean {
  return spawnSync('prometheus', ['--version']).status === 0;
}

/** A port nothing listens on now. */
async function freePort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise(resolve => server.close(resolve));
  return port;
}

/**
 * Serves gauges in Prometheus' text format, with values the test sets:
 * `set('name{label="value"}', 0.5)`.
 */
export async function startExporter() {
  const values = new Map<string, number>();
  const server = http.createServer((_, response) => {
    response.setHeader('Content-Type', 'text/plain; version=0.0.4');
    response.end(
      [...values].map(([series, value]) => `${series} ${value}\n`).join(''),
    );
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    target: `127.0.0.1:${port}`,
    set: (series: string, value: number) => values.set(series, value),
    stop: () => new Promise(resolve => server.close(resolve)),
  };
}

/**
 * Starts a Prometheus of its own (never the system service) on a free
 * loopback port, scraping `targets` every second, with its data in a
 * temporary directory; resolves once it is ready.
 */
export async function startPrometheus(targets: string[]) {
  const dir = await mkdtemp(join(tmpdir(), 'rt-prometheus-'));
  const port = await freePort();
  const config = join(dir, 'prometheus.yml');
  await writeFile(
    config,
    [
      'global:',
      '  scrape_interval: 1s',
      '  evaluation_interval: 1s',
      'scrape_configs:',
      '  - job_name: test',
      '    static_configs:',
      `      - targets: [${targets.map(t => `'${t}'`).join(', ')}]`,
      '',
    ].join('\n'),
  );
  const child = spawn(
    'prometheus',
    [
      `--config.file=${config}`,
      `--storage.tsdb.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--log.level=warn',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr.on('data', chunk => (stderr += chunk));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    const ready = await fetch(`${url}/-/ready`).then(
      r => r.ok,
      () => false,
    );
    if (ready) break;
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`Prometheus did not start: ${stderr}`);
    }
    await new Promise(resolve => setTimeout(resolve, 200));
  }
  return {
    url,
    async stop() {
      const exited = new Promise(resolve => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
      await rm(dir, { recursive: true, force: true });
    },
  };
}
