/*
 * Starts test/support/backend.ts in its own process on PostgreSQL, with a
 * static external-access token, permissions off and the given releaseTrains
 * configuration. Shared by the benchmark and the fault tests.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export type BackendProcessOptions = {
  port: number;
  postgresUrl: string;
  /** Database name prefix: the plugin's database is `<prefix>release-trains`. */
  prefix: string;
  token: string;
  /** How many services svc-1 … svc-N the mock catalog holds. */
  services: number;
  releaseTrains: object;
  /**
   * Catalog Users who may sign in by name (GET /api/auth/demo-users/refresh
   * with `x-demo-user: <name>`), for the routes only people may call.
   */
  people?: string[];
  /** Extra environment, e.g. LOG_LEVEL. */
  env?: Record<string, string>;
  quiet?: boolean;
};

/** Writes the configuration once; start the same backend again with it. */
export function writeBackendConfig(options: BackendProcessOptions): string {
  const url = new URL(options.postgresUrl);
  const file = join(mkdtempSync(join(tmpdir(), 'rt-backend-')), 'config.json');
  writeFileSync(
    file,
    JSON.stringify({
      backend: {
        baseUrl: `http://127.0.0.1:${options.port}`,
        listen: { port: options.port, host: '127.0.0.1' },
        database: {
          client: 'pg',
          prefix: options.prefix,
          connection: {
            host: url.hostname,
            port: Number(url.port || 5432),
            user: decodeURIComponent(url.username || 'postgres'),
            password: decodeURIComponent(url.password),
          },
        },
        auth: {
          externalAccess: [
            {
              type: 'static',
              options: { token: options.token, subject: 'test-client' },
            },
          ],
        },
      },
      ...(options.people?.length && {
        // The auth plugin needs an app URL, though no app is served.
        app: { baseUrl: `http://127.0.0.1:${options.port}` },
        auth: { providers: { 'demo-users': { enabled: true } } },
      }),
      permission: { enabled: false },
      // No events backend runs beside it: publish to this process only.
      events: { useEventBus: 'never' },
      releaseTrains: options.releaseTrains,
    }),
  );
  return file;
}

export async function startBackendProcess(
  options: BackendProcessOptions,
  configFile = writeBackendConfig(options),
): Promise<ChildProcess> {
  const child = fork(
    join(import.meta.dirname, 'backend.ts'),
    ['--config', configFile],
    {
      execArgv: ['--require', '@backstage/cli/config/nodeTransform.cjs'],
      env: {
        ...process.env,
        RT_TEST_SERVICES: String(options.services),
        RT_TEST_PEOPLE: (options.people ?? []).join(','),
        ...options.env,
      },
      stdio: options.quiet ? 'ignore' : 'inherit',
    },
  );
  await new Promise<void>((resolve, reject) => {
    child.on('message', message => message === 'started' && resolve());
    child.on('exit', code => reject(new Error(`backend exited: ${code}`)));
  });
  child.removeAllListeners('exit');
  return child;
}
