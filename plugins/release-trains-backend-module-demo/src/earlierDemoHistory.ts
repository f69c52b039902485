import { ImportedDeployment } from '@release-trains/plugin-release-trains-node';
import {
  CHANGE_TITLES,
  DEMO_PEOPLE,
  DEMO_SERVICES,
  DemoHistory,
  randomSequence,
  sha,
} from './demoHistory';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * How a demo service delivered before the last ninety days, so that the
 * delivery insights have a story: a team that ships several times a day,
 * one that ships weekly on its train, failures, roll-backs and hotfixes,
 * and a service whose prod lags staging by weeks.
 */
type Profile = {
  /** Hours between builds. */
  everyHours: number;
  /** Hours from the first stage to the last. */
  toProdHours: number;
  /** Share of prod deployments that fail, then get a hotfix. */
  failureRate: number;
  /** Share of prod deployments rolled back to the version before. */
  rollbackRate: number;
  /** Only every n-th version goes on to prod. */
  prodEvery: number;
};

const PROFILES: Record<(typeof DEMO_SERVICES)[number], Profile> = {
  payments: p({ everyHours: 8, toProdHours: 5, failureRate: 0.04 }),
  checkout: p({ everyHours: 12, toProdHours: 8, failureRate: 0.06 }),
  cart: p({
    everyHours: 30,
    toProdHours: 20,
    failureRate: 0.1,
    rollbackRate: 0.05,
  }),
  orders: p({
    everyHours: 36,
    toProdHours: 26,
    failureRate: 0.12,
    rollbackRate: 0.06,
  }),
  pricing: p({ everyHours: 48, toProdHours: 30, failureRate: 0.08 }),
  'auth-gateway': p({ everyHours: 24, toProdHours: 12, failureRate: 0.03 }),
  inventory: p({ everyHours: 168, toProdHours: 72, failureRate: 0.1 }),
  shipping: p({
    everyHours: 168,
    toProdHours: 96,
    failureRate: 0.15,
    rollbackRate: 0.1,
  }),
  'product-catalog': p({ everyHours: 168, toProdHours: 72 }),
  'search-api': p({ everyHours: 120, toProdHours: 60, failureRate: 0.05 }),
  recommendations: p({ everyHours: 96, toProdHours: 48, prodEvery: 5 }),
  'notifications-service': p({
    everyHours: 168,
    toProdHours: 120,
    rollbackRate: 0.08,
  }),
};

function p(
  profile: Partial<Profile> & Pick<Profile, 'everyHours' | 'toProdHours'>,
): Profile {
  return { failureRate: 0, rollbackRate: 0, prodEvery: 1, ...profile };
}

/**
 * Six months of history per demo service, from 270 to 92 days before `now`,
 * with versions numbered below the recent ones (`buildDemoHistory`).
 */
export function buildEarlierDemoHistory(
  stages: string[],
  now: Date,
): DemoHistory {
  const history: DemoHistory = { versions: [], deployments: [] };
  const start = now.getTime() - 270 * DAY;
  const end = now.getTime() - 92 * DAY;
  let pr = 5000;
  DEMO_SERVICES.forEach((name, serviceIndex) => {
    const profile = PROFILES[name];
    const random = randomSequence(1000 + serviceIndex);
    const pick = <T>(items: readonly T[]) =>
      items[Math.floor(random() * items.length)];
    const person = () => `user:default/${pick(DEMO_PEOPLE)}`;
    const service = `component:default/${name}`;
    const issuePrefix = name.slice(0, 3).toUpperCase();
    const major = serviceIndex % 3;
    let count = 0;
    const version = (
      builtAt: number,
      kind: 'release' | 'hotfix' = 'release',
    ) => {
      const name_ = `${major}.${Math.floor(count / 10)}.${count % 10}`;
      count++;
      const changeCount = kind === 'hotfix' ? 1 : 1 + Math.floor(random() * 3);
      const changes = Array.from({ length: changeCount }, (_, c) => {
        pr++;
        const committedAt = builtAt - (c + 2) * HOUR - random() * 2 * DAY;
        return {
          commitSha: sha(`${name}-${name_}-${c}`),
          prNumber: pr,
          title:
            kind === 'hotfix' ? 'Fix the failed release' : pick(CHANGE_TITLES),
          author: pick(DEMO_PEOPLE),
          committedAt: new Date(committedAt).toISOString(),
          mergedAt: new Date(builtAt - (c + 1) * HOUR).toISOString(),
          issueKeys: [`${issuePrefix}-${pr}`],
          ...(kind === 'hotfix' && { labels: ['hotfix'] }),
        };
      });
      history.versions.push({
        service,
        version: name_,
        commitSha: changes[changes.length - 1].commitSha,
        builtAt: new Date(builtAt),
        changes,
        kind,
      });
      return name_;
    };
    const deploy = (
      stageIndex: number,
      v: string,
      at: number,
      extra: Partial<ImportedDeployment> = {},
    ) =>
      history.deployments.push({
        service,
        stage: stages[stageIndex],
        version: v,
        kind: stageIndex === 0 ? 'deploy' : 'promote',
        createdBy: person(),
        createdAt: new Date(at),
        finishedAt: new Date(at + (5 + random() * 10) * MINUTE),
        ...extra,
      });

    const last = stages.length - 1;
    const perStage = (profile.toProdHours * HOUR) / last;
    let inProd: string | undefined;
    let builtAt = start + random() * profile.everyHours * HOUR;
    for (let n = 0; builtAt + profile.toProdHours * HOUR * 1.5 < end; n++) {
      const v = version(builtAt);
      for (let stageIndex = 0; stageIndex < last; stageIndex++) {
        deploy(stageIndex, v, builtAt + 30 * MINUTE + stageIndex * perStage);
      }
      let nextBuild =
        builtAt + profile.everyHours * HOUR * (0.6 + random() * 0.8);
      if (n % profile.prodEvery === 0) {
        const atProd = builtAt + profile.toProdHours * HOUR * (0.5 + random());
        const outcome = random();
        if (outcome < profile.failureRate) {
          deploy(last, v, atProd, { state: 'failed' });
          // A hotfix through every stage within hours.
          const fixBuiltAt = atProd + HOUR;
          const fix = version(fixBuiltAt, 'hotfix');
          stages.forEach((_, stageIndex) =>
            deploy(
              stageIndex,
              fix,
              fixBuiltAt + (stageIndex + 1) * 20 * MINUTE,
            ),
          );
          inProd = fix;
          // Versions are built one after the other: none before the fix.
          nextBuild = Math.max(nextBuild, fixBuiltAt + 2 * HOUR);
        } else if (
          outcome < profile.failureRate + profile.rollbackRate &&
          inProd
        ) {
          deploy(last, v, atProd, { state: 'rolled-back' });
          deploy(last, inProd, atProd + (1 + random() * 3) * HOUR, {
            kind: 'rollback',
          });
        } else {
          deploy(last, v, atProd);
          inProd = v;
        }
      }
      builtAt = nextBuild;
    }
  });
  history.deployments.sort(
    (a, b) => a.createdAt.getTime() - b.createdAt.getTime(),
  );
  return history;
}
