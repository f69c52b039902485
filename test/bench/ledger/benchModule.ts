/*
 * A backend module of the release-trains plugin for the benchmark only:
 *
 * - GET /api/release-trains/bench/noop answers `{}` through the plugin's
 *   HTTP stack (authentication included) and does nothing else: the floor
 *   every request of the plugin pays;
 * - a request with `x-bench-request: <id>` has the SQL statements it issues
 *   through the plugin's database client recorded (with their bindings,
 *   transaction, start and end), and GET /bench/statements?request=<id>
 *   hands them over once, so that the benchmark can issue the same
 *   statements through a plain `pg` client in the same order;
 * - GET /bench/memory answers the process's memory usage.
 */
import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import express from 'express';
import { AsyncLocalStorage } from 'node:async_hooks';
import { performance } from 'node:perf_hooks';

export type CapturedStatement = {
  sql: string;
  bindings: unknown[];
  /** Set when the statement ran in a transaction: its statements share one connection. */
  transaction?: string;
  startedAt: number;
  endedAt: number;
};

type QueryEvent = {
  __knexQueryUid: string;
  __knexTxId?: string;
  sql: string;
  bindings?: unknown[];
};

export const benchModule = createBackendModule({
  pluginId: 'release-trains',
  moduleId: 'bench',
  register(env) {
    env.registerInit({
      deps: {
        database: coreServices.database,
        httpRouter: coreServices.httpRouter,
      },
      async init({ database, httpRouter }) {
        const knex = await database.getClient();
        const requestOf = new AsyncLocalStorage<string>();
        const running = new Map<string, CapturedStatement>();
        const recorded = new Map<string, CapturedStatement[]>();
        knex.on('query', (query: QueryEvent) => {
          const request = requestOf.getStore();
          if (!request) return;
          const statement = {
            sql: query.sql,
            bindings: query.bindings ?? [],
            ...(query.__knexTxId && { transaction: query.__knexTxId }),
            startedAt: performance.now(),
            endedAt: 0,
          };
          running.set(query.__knexQueryUid, statement);
          recorded.get(request)?.push(statement);
        });
        const end = (_: unknown, query: QueryEvent) => {
          const statement = running.get(query.__knexQueryUid);
          if (!statement) return;
          running.delete(query.__knexQueryUid);
          statement.endedAt = performance.now();
        };
        knex.on('query-response', end);
        knex.on('query-error', end);

        const router = express.Router();
        router.use((req, _res, next) => {
          const request = req.header('x-bench-request');
          if (!request) return next();
          recorded.set(request, []);
          return requestOf.run(request, next);
        });
        router.get('/bench/noop', (_req, res) => {
          res.json({});
        });
        // The heap beside the resident set, to tell live data from what
        // the process keeps from the operating system.
        router.get('/bench/memory', (_req, res) => {
          res.json(process.memoryUsage());
        });
        router.get('/bench/statements', (req, res) => {
          const request = String(req.query.request);
          res.json(recorded.get(request) ?? []);
          recorded.delete(request);
        });
        httpRouter.use(router);
      },
    });
  },
});
