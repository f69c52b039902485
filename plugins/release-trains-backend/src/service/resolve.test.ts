import { mockCredentials } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { releaseTrainsPromotePermission } from '@release-trains/plugin-release-trains-common';
import request from 'supertest';
import {
  demoPipeline,
  startTestLedgerBackend,
} from '../__testUtils__/startTestLedgerBackend';
import { createLedgerTestDatabases } from '../__testUtils__/testDatabases';
import { DeploymentStore } from '../ledger/DeploymentStore';

jest.setTimeout(120_000);

const API = '/api/release-trains';
const PAYMENTS = 'component:default/payments';
const ana = mockCredentials.user.header('user:default/ana');
/** May roll back, not promote. */
const dana = mockCredentials.user.header('user:default/dana');

describe('POST /deployments/:id/resolve', () => {
  const databases = createLedgerTestDatabases();

  it.each(databases.eachSupportedId())(
    'settles an unknown deployment for someone who may promote, and nothing else (%p)',
    async databaseId => {
      const { server, knex } = await startTestLedgerBackend(
        databases,
        databaseId,
        {
          releaseTrains: demoPipeline(),
          policy: ({ permission }, credentials) =>
            permission.name === releaseTrainsPromotePermission.name &&
            (credentials.principal as { userEntityRef?: string })
              .userEntityRef === 'user:default/dana'
              ? AuthorizeResult.DENY
              : AuthorizeResult.ALLOW,
        },
      );
      const deployments = new DeploymentStore(knex);
      const started = await deployments.record({
        service: PAYMENTS,
        stage: 'dev',
        version: '1.0.0',
        kind: 'promote',
        state: 'in-progress',
        createdBy: 'user:default/ana',
        deployer: 'demo',
      });
      const unknown = await deployments.transition(started.id, 'unknown', {
        cause: 'deployer demo',
        deployerError: 'The run could not be found',
      });
      const resolve = (header: string, body: object) =>
        request(server)
          .post(`${API}/deployments/${unknown.id}/resolve`)
          .set('Authorization', header)
          .send(body);

      const refused = await resolve(dana, {
        action: 'mark-succeeded',
        reason: 'It runs',
      });
      expect(refused.status).toBe(403);
      expect(refused.body.error.message).toBe(
        `Not allowed to promote ${PAYMENTS}`,
      );

      const resolved = await resolve(ana, {
        action: 'mark-succeeded',
        reason: 'It runs',
      });
      expect(resolved.status).toBe(200);
      expect(resolved.body).toMatchObject({
        id: unknown.id,
        state: 'succeeded',
        deployerError: 'The run could not be found',
      });

      const again = await resolve(ana, {
        action: 'mark-failed',
        reason: 'Changed my mind',
      });
      expect(again.status).toBe(409);
      expect(again.body.error.message).toBe(
        `Deployment ${unknown.id} is succeeded, not unknown`,
      );

      const withoutReason = await resolve(ana, { action: 'mark-failed' });
      expect(withoutReason.status).toBe(400);
    },
  );
});
