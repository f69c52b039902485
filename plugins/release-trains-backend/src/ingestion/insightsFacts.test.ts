import request from 'supertest';
import { Knex } from 'knex';
import { ledgerSnapshot } from '../__testUtils__/ledger';
import {
  signedEvents,
  startTestLedgerBackend,
} from '../__testUtils__/startTestLedgerBackend';
import { createLedgerTestDatabases } from '../__testUtils__/testDatabases';

jest.setTimeout(60_000);

const payments = 'component:default/payments';
const sha = (c: string) => c.repeat(40);

/** A change as CI reports it, merged at 09:30 on the day of the builds. */
const change = (c: string, title: string, extra: object = {}) => ({
  commitSha: sha(c),
  title,
  author: 'ana.lima',
  mergedAt: '2026-11-20T09:30:00.000Z',
  ...extra,
});

const versionCreated = (
  version: string,
  changes: object[],
  extra: object = {},
) => ({
  type: 'version.created',
  service: 'payments',
  version,
  commitSha: sha('f'),
  builtAt: '2026-11-20T10:00:00.000Z',
  changes,
  ...extra,
});

/** The ledger's versions and changes: what a refused report must not touch. */
async function versionsAndChanges(knex: Knex) {
  const { versions, changes, version_changes, change_issue_keys } =
    await ledgerSnapshot(knex);
  return { versions, changes, version_changes, change_issue_keys };
}

async function hotfixOf(knex: Knex): Promise<Record<string, boolean>> {
  const rows = await knex('versions')
    .where({ service_ref: payments })
    .select('version', 'hotfix');
  return Object.fromEntries(
    rows.map(row => [row.version, Boolean(row.hotfix)]),
  );
}

describe('facts of the delivery metrics in version.created', () => {
  const databases = createLedgerTestDatabases();

  describe.each(databases.eachSupportedId())('on %p', databaseId => {
    it('records when changes were committed and their labels, and answers them', async () => {
      const { server, knex } = await startTestLedgerBackend(
        databases,
        databaseId,
      );
      await signedEvents(
        server,
        versionCreated('1.5.0', [
          change('a', 'Retry card declines once', {
            committedAt: '2026-11-19T16:45:00.000Z',
            labels: ['payments', 'needs-qa'],
          }),
          // Committed and merged at once (a merge commit): allowed.
          change('b', 'Merge release branch', {
            committedAt: '2026-11-20T09:30:00.000Z',
          }),
          change('c', 'Bump dependencies'),
        ]),
        { deliveryId: 'facts-1' },
      ).expect(200);

      const between = await request(server)
        .get('/api/release-trains/changes/between')
        .query({ service: 'payments', to: '1.5.0' })
        .expect(200);
      const bySha = Object.fromEntries(
        between.body.items.map((c: { commitSha: string }) => [c.commitSha, c]),
      );
      expect(bySha[sha('a')]).toEqual({
        ...change('a', 'Retry card declines once'),
        committedAt: '2026-11-19T16:45:00.000Z',
        issueKeys: [],
        labels: ['payments', 'needs-qa'],
      });
      expect(bySha[sha('b')]).toMatchObject({
        committedAt: '2026-11-20T09:30:00.000Z',
      });
      expect(bySha[sha('b')]).not.toHaveProperty('labels');
      expect(bySha[sha('c')]).not.toHaveProperty('committedAt');

      const rows = await knex('changes').orderBy('commit_sha');
      expect(rows.map(row => JSON.parse(row.labels))).toEqual([
        ['payments', 'needs-qa'],
        [],
        [],
      ]);
      expect(new Date(rows[0].committed_at).toISOString()).toBe(
        '2026-11-19T16:45:00.000Z',
      );
      expect(rows[2].committed_at).toBeNull();
    });

    it.each([
      [
        'a commit after its merge',
        versionCreated('1.5.0', [
          change('a', 'Retry card declines once'),
          change('b', 'Rebased after the merge', {
            committedAt: '2026-11-20T09:30:00.001Z',
          }),
        ]),
        /^changes\[1\]\.committedAt: 2026-11-20T09:30:00\.001Z is after the change's mergedAt \(2026-11-20T09:30:00\.000Z\)$/,
      ],
      [
        'a commit after its merge, in a batch',
        {
          events: [
            versionCreated('1.4.0', []),
            versionCreated('1.5.0', [
              change('b', 'Rebased after the merge', {
                committedAt: '2026-11-21T08:00:00.000Z',
              }),
            ]),
          ],
        },
        /^events\[1\]\.changes\[0\]\.committedAt: .* is after the change's mergedAt/,
      ],
      [
        'a commit dated ahead of the clock',
        versionCreated('1.5.0', [
          {
            ...change('a', 'From the future'),
            mergedAt: undefined,
            committedAt: new Date(Date.now() + 3_600_000).toISOString(),
          },
        ]),
        /^changes\[0\]\.committedAt: .* is more than 300 seconds ahead of the server's clock/,
      ],
      [
        'a commit time no date holds',
        versionCreated('1.5.0', [
          change('a', 'Leap second', { committedAt: '2026-11-19T23:59:60Z' }),
        ]),
        /changes\[0\]\.committedAt: '2026-11-19T23:59:60Z' is not a valid time/,
      ],
      [
        'more than 20 labels',
        versionCreated('1.5.0', [
          change('a', 'Labelled all over', {
            labels: Array.from({ length: 21 }, (_, i) => `label-${i}`),
          }),
        ]),
        /labels must NOT have more than 20 items/,
      ],
      [
        'a label over 64 characters',
        versionCreated('1.5.0', [
          change('a', 'Long label', { labels: ['hotfix', 'x'.repeat(65)] }),
        ]),
        /labels\/1 must NOT have more than 64 characters/,
      ],
      [
        'an empty label',
        versionCreated('1.5.0', [change('a', 'Empty label', { labels: [''] })]),
        /labels\/0 must NOT have fewer than 1 characters/,
      ],
      [
        'a kind other than release and hotfix',
        versionCreated('1.5.0', [], { kind: 'urgent' }),
        /kind must be equal to one of the allowed values/,
      ],
    ])('refuses %s with 400, storing nothing', async (_case, body, message) => {
      const { server, knex } = await startTestLedgerBackend(
        databases,
        databaseId,
      );
      const before = await ledgerSnapshot(knex);
      const response = await signedEvents(server, body, {
        deliveryId: 'refused-1',
      });
      expect(response.status).toBe(400);
      expect(response.body.error.message).toMatch(message);
      expect(await ledgerSnapshot(knex)).toEqual(before);
    });

    it('tells hotfixes: by kind, by changes that are all reverts, by a hotfix label', async () => {
      const { server, knex } = await startTestLedgerBackend(
        databases,
        databaseId,
      );
      const response = await signedEvents(
        server,
        {
          events: [
            versionCreated('1.0.0', [change('a', 'Price tiers')]),
            versionCreated('1.0.1', [change('b', 'Round prices')], {
              kind: 'hotfix',
            }),
            versionCreated('1.0.2', [change('c', 'Faster checkout')], {
              kind: 'release',
            }),
            versionCreated('1.0.3', [
              change('d', 'Revert "Faster checkout"'),
              change('e', "Revert 'Round prices'"),
            ]),
            versionCreated('1.0.4', [
              change('f', 'Revert "Price tiers"'),
              change('1', 'Price tiers, again'),
            ]),
            versionCreated('1.0.5', [
              change('2', 'Stop double charges', {
                labels: ['payments', 'HotFix'],
              }),
              change('3', 'Tidy logs'),
            ]),
            // Not quite a hotfix label, nor a revert as git titles it.
            versionCreated('1.0.6', [
              change('4', 'revert "Tidy logs"', { labels: ['hotfix-later'] }),
            ]),
            versionCreated('1.0.7', []),
            versionCreated('1.0.8', [], { kind: 'hotfix' }),
          ],
        },
        { deliveryId: 'hotfixes-1' },
      );
      expect(response.status).toBe(200);

      expect(await hotfixOf(knex)).toEqual({
        '1.0.0': false,
        '1.0.1': true,
        '1.0.2': false,
        '1.0.3': true,
        '1.0.4': false,
        '1.0.5': true,
        '1.0.6': false,
        '1.0.7': false,
        '1.0.8': true,
      });
    });

    it('changes nothing when a version is reported again, whatever its kind and labels say', async () => {
      const { server, knex } = await startTestLedgerBackend(
        databases,
        databaseId,
      );
      const first = versionCreated('1.5.0', [
        change('a', 'Retry card declines once', {
          committedAt: '2026-11-19T16:45:00.000Z',
          labels: ['payments'],
        }),
      ]);
      const created = await signedEvents(server, first, {
        deliveryId: 'again-1',
      }).expect(200);
      expect(created.body.results).toEqual([
        { outcome: 'created', version: '1.5.0' },
      ]);
      const recorded = await versionsAndChanges(knex);

      // The same delivery again: the first answer, replayed.
      const retry = await signedEvents(server, first, {
        deliveryId: 'again-1',
      }).expect(200);
      expect(retry.headers['x-release-trains-replayed']).toBe('true');
      expect(retry.body).toEqual(created.body);

      // The same version in new deliveries: as sent, then with another
      // kind, labels and commit time. The first report stands, as for a
      // version's other content; only another commit is refused (409).
      const resent = [
        first,
        versionCreated(
          '1.5.0',
          [
            change('a', 'Retry card declines once', {
              committedAt: '2026-11-18T12:00:00.000Z',
              labels: ['hotfix'],
            }),
          ],
          { kind: 'hotfix' },
        ),
      ];
      for (const [i, body] of resent.entries()) {
        const again = await signedEvents(server, body, {
          deliveryId: `again-${i + 2}`,
        }).expect(200);
        expect(again.body.results).toEqual([
          { outcome: 'unchanged', version: '1.5.0' },
        ]);
      }
      expect(await versionsAndChanges(knex)).toEqual(recorded);
      expect(await hotfixOf(knex)).toEqual({ '1.5.0': false });
    });
  });
});
