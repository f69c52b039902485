import { ConfigReader } from '@backstage/config';
import { Knex } from 'knex';
import { readInsightsSettings } from '../config/insights';
import { DEFAULT_PIPELINES } from '../config/pipelines';
import { Ledger } from '../ledger/Ledger';
import { createLedgerDatabase } from '../__testUtils__/ledger';
import { createLedgerTestDatabases } from '../__testUtils__/testDatabases';
import { CarriedChange, computeDora, ProdDeployment } from './doraMetrics';
import { DoraService } from './DoraService';
import { everything } from './scope';

jest.setTimeout(120_000);

const DAY = 86_400_000;
const HOUR = 3_600_000;
const START = Date.parse('2026-06-01T00:00:00Z');
const SERVICES = ['a', 'b', 'c'].map(name => `component:default/${name}`);

/** A seeded generator, so a failure can be replayed. */
function random(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

type Built = {
  service: string;
  version: string;
  builtAt: number;
  hotfix: boolean;
  changes: { sha: string; mergedAt: number; committedAt?: number }[];
};

/**
 * A random history: versions with changes (some carried by two versions,
 * one reported after its deployments), and deployments into every stage in
 * any order, with every outcome and kind.
 */
function randomHistory(seed: number) {
  const next = random(seed);
  const pick = <T>(items: readonly T[]) =>
    items[Math.floor(next() * items.length)];
  const versions: Built[] = [];
  for (const service of SERVICES) {
    for (let v = 0; v < 10; v++) {
      const builtAt = START + Math.floor(next() * 60 * DAY);
      versions.push({
        service,
        version: `1.${v}.0`,
        builtAt,
        hotfix: next() < 0.15,
        changes: [
          {
            sha: `${service.slice(-1)}${v}`.padEnd(40, 'c'),
            mergedAt: builtAt - Math.floor(next() * 3 * DAY),
            ...(next() < 0.7 && {
              committedAt: builtAt - Math.floor(next() * 6 * DAY),
            }),
          },
        ],
      });
    }
    // A change the next version carried too: its first carrier counts.
    const [first, second] = versions.filter(v => v.service === service);
    second.changes.push(first.changes[0]);
  }
  const deployments = Array.from({ length: 90 }, (_, i) => {
    const version = pick(versions);
    return {
      id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
      service: version.service,
      stage: pick(['staging', 'prod', 'prod']),
      version: version.version,
      kind: pick(['deploy', 'promote', 'promote', 'rollback'] as const),
      state: pick([
        'succeeded',
        'succeeded',
        'failed',
        'rolled-back',
        'cancelled',
      ] as const),
      finishedAt: START + Math.floor(next() * 70 * DAY),
    };
  });
  return { versions, deployments };
}

type History = ReturnType<typeof randomHistory>;

/** The figures spelled out from the generated history, not the ledger. */
function fromScratch(
  history: { versions: Built[]; deployments: History['deployments'] },
  range: { from: number; to: number },
  hotfixWindowMs: number,
) {
  const built = new Map(
    history.versions.map(v => [`${v.service}@${v.version}`, v]),
  );
  const prod: ProdDeployment[] = history.deployments.flatMap(d => {
    const version = built.get(`${d.service}@${d.version}`);
    if (d.stage !== 'prod' || d.state === 'cancelled') return [];
    return [
      {
        ...d,
        state: d.state,
        ...(version && { builtAt: version.builtAt }),
        hotfix: version?.hotfix ?? false,
      },
    ];
  });
  const carriers = new Map<string, CarriedChange>();
  for (const version of history.versions) {
    for (const change of version.changes) {
      const key = `${version.service}@${change.sha}`;
      const known = carriers.get(key);
      if (!known || known.carrierBuiltAt > version.builtAt) {
        carriers.set(key, {
          id: key,
          service: version.service,
          carrierBuiltAt: version.builtAt,
          mergedAt: change.mergedAt,
          committedAt: change.committedAt,
        });
      }
    }
  }
  return computeDora(prod, [...carriers.values()], {
    ...range,
    hotfixWindowMs,
  });
}

describe('DORA facts', () => {
  const databases = createLedgerTestDatabases();

  describe.each(databases.eachSupportedId())('on %p', databaseId => {
    let knex: Knex;
    let ledger: Ledger;

    beforeEach(async () => {
      knex = await createLedgerDatabase(databases, databaseId);
      ledger = new Ledger(knex);
      for (const ref of SERVICES) {
        await ledger.services.upsert({
          ref,
          pipeline: 'default',
          owner: 'group:default/team-a',
          dependsOn: [],
          requires: {},
        });
      }
    });

    const doraService = (hotfixWindowHours = 24) =>
      new DoraService({
        ledger,
        pipelines: DEFAULT_PIPELINES,
        settings: {
          ...readInsightsSettings(new ConfigReader({})),
          hotfixWindowHours,
          minimumSamples: 1,
        },
      });

    async function addVersions(versions: Built[]) {
      for (const version of versions) {
        await ledger.versions.add({
          service: version.service,
          version: version.version,
          commitSha: version.version.replace(/\./g, '').padEnd(40, 'a'),
          builtAt: new Date(version.builtAt),
          ...(version.hotfix && { kind: 'hotfix' }),
          changes: version.changes.map(change => ({
            commitSha: change.sha,
            title: `Change ${change.sha.slice(0, 2)}`,
            author: 'ana',
            mergedAt: new Date(change.mergedAt).toISOString(),
            ...(change.committedAt && {
              committedAt: new Date(change.committedAt).toISOString(),
            }),
            issueKeys: [],
          })),
        });
      }
    }

    async function addDeployments(deployments: History['deployments']) {
      for (const d of deployments) {
        await ledger.deployments.record({
          ...d,
          createdBy: 'user:default/ana',
          createdAt: new Date(d.finishedAt - HOUR),
          finishedAt: new Date(d.finishedAt),
        });
      }
    }

    /** The report's figures beside the from-scratch ones, per range. */
    async function expectAgreement(
      service: DoraService,
      history: { versions: Built[]; deployments: History['deployments'] },
      hotfixWindowMs: number,
      { timeZone = 'UTC', offsetMs = 0 } = {},
    ) {
      const from = START + 10 * DAY + offsetMs;
      const to = START + 66 * DAY - offsetMs;
      const report = await service.report(
        { from: new Date(from), to: new Date(to), bucket: 'week', timeZone },
        everything,
      );
      const ranges = [
        { from, to, figures: report.totals },
        ...report.buckets.map(b => ({
          from: Date.parse(b.start),
          to: Date.parse(b.end),
          figures: b,
        })),
      ];
      for (const { figures, ...range } of ranges) {
        const expected = fromScratch(history, range, hotfixWindowMs);
        const seconds = (ms?: number) =>
          ms === undefined ? undefined : Math.round(ms / 1000);
        expect({
          range,
          deployments: figures.deploymentFrequency.deployments,
          changeFailures: figures.changeFailRate.count,
          changeSamples: figures.changeFailRate.samples,
          rework: figures.reworkRate.count,
          reworkSamples: figures.reworkRate.samples,
          recovery: [
            figures.recoveryTime.samples,
            figures.recoveryTime.medianSeconds,
            figures.recoveryTime.p90Seconds,
          ],
          fromMerge: [
            figures.leadTime.fromMerge.samples,
            figures.leadTime.fromMerge.medianSeconds,
            figures.leadTime.fromMerge.p90Seconds,
          ],
          fromCommit: [
            figures.leadTime.fromCommit.samples,
            figures.leadTime.fromCommit.medianSeconds,
            figures.leadTime.fromCommit.p90Seconds,
          ],
        }).toEqual({
          range,
          deployments: expected.deployments,
          changeFailures: expected.changeFailRate.count,
          changeSamples: expected.changeFailRate.samples,
          rework: expected.reworkRate.count,
          reworkSamples: expected.reworkRate.samples,
          recovery: [
            expected.recoveryTime.samples,
            seconds(expected.recoveryTime.medianMs),
            seconds(expected.recoveryTime.p90Ms),
          ],
          fromMerge: [
            expected.leadTimeFromMerge.samples,
            seconds(expected.leadTimeFromMerge.medianMs),
            seconds(expected.leadTimeFromMerge.p90Ms),
          ],
          fromCommit: [
            expected.leadTimeFromCommit.samples,
            seconds(expected.leadTimeFromCommit.medianMs),
            seconds(expected.leadTimeFromCommit.p90Ms),
          ],
        });
      }
    }

    it.each([1, 2, 3, 4])(
      'kept facts equal a from-scratch computation as the ledger grows, seed %p',
      async seed => {
        const history = randomHistory(seed);
        const service = doraService();
        // One version of each service comes after its deployments.
        const late = SERVICES.map(
          ref => history.versions.filter(v => v.service === ref)[5],
        );
        const early = history.versions.filter(v => !late.includes(v));
        const half = history.deployments.length / 2;

        await addVersions(early);
        await addDeployments(history.deployments.slice(0, half));
        // Deployments of a version not reported yet count without its build.
        await expectAgreement(
          service,
          { versions: early, deployments: history.deployments.slice(0, half) },
          24 * HOUR,
        );

        await addDeployments(history.deployments.slice(half));
        await expectAgreement(
          service,
          { versions: early, deployments: history.deployments },
          24 * HOUR,
        );

        // A version reported after its deployments changes their facts.
        await addVersions(late);
        await expectAgreement(service, history, 24 * HOUR);
        // Bucket edges inside hours: weeks half an hour off UTC, a period
        // that starts and ends mid-hour.
        await expectAgreement(service, history, 24 * HOUR, {
          timeZone: 'Asia/Kolkata',
          offsetMs: 17 * 60_000,
        });

        // Another hotfix window: every fact is worked out again.
        await expectAgreement(doraService(2), history, 2 * HOUR);
      },
    );

    it('works facts out while batches of deployments finish, without deadlock or loss', async () => {
      const history = randomHistory(11);
      await addVersions(history.versions);
      const service = doraService();
      const batches = [0, 1, 2, 3, 4, 5].map(b =>
        history.deployments.filter((_, i) => i % 6 === b),
      );
      // Each batch touches every service; each report saves their facts.
      await Promise.all(
        batches.flatMap(batch => [
          ledger.deployments.recordAll(
            batch.map(d => ({
              ...d,
              createdBy: 'user:default/ana',
              createdAt: new Date(d.finishedAt - HOUR),
              finishedAt: new Date(d.finishedAt),
            })),
          ),
          service.report({ bucket: 'week' }, everything),
        ]),
      );
      await expectAgreement(service, history, 24 * HOUR);
    });

    it('counts a deployment that finishes while the facts are worked out', async () => {
      const history = randomHistory(7);
      await addVersions(history.versions);
      await addDeployments(history.deployments);
      const sources = SERVICES.map(ref => ({
        service: ref,
        stage: 'prod',
        hotfixWindowMs: 24 * HOUR,
      }));
      // A refresh reads what is stale, then a deployment of each service
      // finishes before the facts it worked out are saved.
      const stale = await ledger.doraFacts.staleOf(sources);
      expect(stale).toHaveLength(3);
      const late = SERVICES.map((ref, i) => ({
        id: `00000000-0000-4000-9000-00000000000${i}`,
        service: ref,
        stage: 'prod',
        version: '1.9.0',
        kind: 'promote' as const,
        state: 'succeeded' as const,
        finishedAt: START + 40 * DAY,
      }));
      await addDeployments(late);
      await ledger.doraFacts.save(
        stale.map(source => ({
          source,
          facts: { deployments: [], changes: [] },
        })),
      );

      expect(await ledger.doraFacts.staleOf(sources)).toHaveLength(3);
      await expectAgreement(
        doraService(),
        { ...history, deployments: [...history.deployments, ...late] },
        24 * HOUR,
      );
      expect(await ledger.doraFacts.staleOf(sources)).toEqual([]);
    });
  });
});
