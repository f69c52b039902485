import { mockCredentials } from '@backstage/backend-test-utils';
import request from 'supertest';
import {
  demoPipeline,
  sendEvents,
  startTestLedgerBackend,
} from '../__testUtils__/startTestLedgerBackend';
import { createLedgerTestDatabases } from '../__testUtils__/testDatabases';

jest.setTimeout(60_000);

const built = (service: string, version: string, builtAt: string) => ({
  type: 'version.created',
  service,
  version,
  commitSha: `${version.replace(/\./g, '')}`.padEnd(40, 'a'),
  builtAt,
});
const deployed = (stage: string, version: string, occurredAt: string) => ({
  type: 'deployment.succeeded',
  service: 'payments',
  stage,
  version,
  externalId: `${stage}-${version}`,
  occurredAt,
});

describe('pipeline view', () => {
  const databases = createLedgerTestDatabases();

  it.each(databases.eachSupportedId())(
    'lists, per stage, the newer versions that passed the stage before (%p)',
    async databaseId => {
      const { server } = await startTestLedgerBackend(databases, databaseId);
      await sendEvents(server, 'seed', [
        built('payments', '1.0.0', '2026-11-01T10:00:00.000Z'),
        built('payments', '1.1.0', '2026-11-02T10:00:00.000Z'),
        built('payments', '1.2.0', '2026-11-03T10:00:00.000Z'),
        built('cart', '0.1.0', '2026-11-01T10:00:00.000Z'),
        built('cart', '0.2.0', '2026-11-02T10:00:00.000Z'),
        deployed('dev', '1.1.0', '2026-11-02T11:00:00.000Z'),
        deployed('staging', '1.1.0', '2026-11-02T12:00:00.000Z'),
        deployed('prod', '1.0.0', '2026-11-01T13:00:00.000Z'),
      ]);

      const waiting = async (service: string) => {
        const response = await request(server)
          .get('/api/release-trains/pipeline')
          .query({ service });
        expect(response.status).toBe(200);
        return Object.fromEntries(
          response.body.stages.map(
            (stage: { stage: string; waiting: { version: string }[] }) => [
              stage.stage,
              stage.waiting.map(version => version.version),
            ],
          ),
        );
      };

      // dev: built after what it runs; staging: nothing newer passed dev;
      // prod: 1.1.0 passed staging and is newer than 1.0.0.
      expect(await waiting('payments')).toEqual({
        dev: ['1.2.0'],
        staging: [],
        prod: ['1.1.0'],
      });
      // A stage that runs nothing waits for every version (that passed before).
      expect(await waiting('cart')).toEqual({
        dev: ['0.2.0', '0.1.0'],
        staging: [],
        prod: [],
      });
    },
  );

  it.each(databases.eachSupportedId())(
    'names, per stage, the version a rollback would return to (%p)',
    async databaseId => {
      const { server } = await startTestLedgerBackend(databases, databaseId, {
        releaseTrains: demoPipeline(),
      });
      await sendEvents(server, 'seed', [
        built('payments', '1.0.0', '2026-11-01T10:00:00.000Z'),
        built('payments', '1.1.0', '2026-11-02T10:00:00.000Z'),
        built('payments', '1.2.0', '2026-11-03T10:00:00.000Z'),
      ]);
      const ana = mockCredentials.user.header('user:default/ana');
      const promote = async (version: string) =>
        expect(
          (
            await request(server)
              .post('/api/release-trains/promotions')
              .set('Authorization', ana)
              .send({ service: 'payments', version })
          ).status,
        ).toBe(201);
      const rollBackDev = async () => {
        const response = await request(server)
          .post('/api/release-trains/rollbacks')
          .set('Authorization', ana)
          .send({ service: 'payments', stage: 'dev', reason: 'Errors' });
        expect(response.status).toBe(201);
        return response.body.version;
      };
      const targets = async () => {
        const response = await request(server)
          .get('/api/release-trains/pipeline')
          .query({ service: 'payments' });
        expect(response.status).toBe(200);
        return Object.fromEntries(
          response.body.stages.map(
            (stage: { stage: string; rollbackTarget?: string }) => [
              stage.stage,
              stage.rollbackTarget,
            ],
          ),
        );
      };

      await promote('1.0.0'); // dev
      await promote('1.0.0'); // staging
      await promote('1.1.0'); // dev
      // Staging ran one version only; prod ran none.
      expect(await targets()).toEqual({
        dev: '1.0.0',
        staging: undefined,
        prod: undefined,
      });

      await promote('1.2.0');
      expect((await targets()).dev).toBe('1.1.0');
      // The view names what the rollback then picks; 1.2.0 was rolled back
      // and is newer, so the next one back is 1.0.0.
      expect(await rollBackDev()).toBe('1.1.0');
      expect((await targets()).dev).toBe('1.0.0');
      expect(await rollBackDev()).toBe('1.0.0');
      expect((await targets()).dev).toBeUndefined();
    },
  );
});
