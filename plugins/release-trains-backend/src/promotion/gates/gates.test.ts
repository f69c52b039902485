import { DEFAULT_PIPELINES, StageConfig } from '../../config/pipelines';
import { blockingGates, checkGates, PromotionFacts } from '.';
import { holdGate } from './hold';
import { inFlightGate } from './inFlight';
import { orderGate } from './order';
import { dependenciesGate } from './dependencies';
import { freezeGate } from './freeze';
import { previousStageHealthGate } from './previousStageHealth';
import { soakGate } from './soak';
import { rehearsalGate } from './rehearsal';
import { isInsideWindow, windowGate } from './windows';

const [dev, staging, prod] = DEFAULT_PIPELINES.get('default')!.stages;

function facts(
  stage: StageConfig,
  gates: Partial<StageConfig['gates']>,
  more: Partial<PromotionFacts> = {},
): PromotionFacts {
  return {
    now: new Date('2026-11-24T10:00:00Z'), // a Tuesday, 11:00 in Berlin
    version: '2.0.0',
    builtAt: new Date('2026-11-23T10:00:00Z'),
    stage: { ...stage, gates: { ...stage.gates, ...gates } },
    earlierStages: [],
    reached: new Set(),
    automatic: false,
    previousStage: stage === prod ? staging : dev,
    requires: {},
    runningInStage: new Map(),
    rehearsalStages: [dev, staging],
    ...more,
  };
}

describe('deploy windows', () => {
  const officeHours = {
    cron: '0 9 * * 1-5',
    durationMinutes: 8 * 60,
    timeZone: 'Europe/Berlin',
  };

  it.each([
    ['2026-11-24T07:59:59Z', false], // 08:59 in Berlin
    ['2026-11-24T08:00:00Z', true], // opens 09:00
    ['2026-11-24T15:59:59Z', true],
    ['2026-11-24T16:00:00Z', false], // closed at 17:00
    ['2026-11-28T10:00:00Z', false], // Saturday
  ])('office hours in Berlin at %s: inside = %p', (at, inside) => {
    expect(isInsideWindow(officeHours, new Date(at))).toBe(inside);
  });

  it('follows daylight saving time in the window’s time zone', () => {
    // 09:00 in Berlin is 07:00 UTC in summer and 08:00 UTC in winter.
    expect(isInsideWindow(officeHours, new Date('2026-07-14T07:30:00Z'))).toBe(
      true,
    );
    expect(isInsideWindow(officeHours, new Date('2026-11-24T07:30:00Z'))).toBe(
      false,
    );
  });

  it('blocks outside every window and says which windows exist', () => {
    const verdict = windowGate(
      facts(
        prod,
        { windows: [officeHours] },
        { now: new Date('2026-11-28T10:00:00Z') },
      ),
    );
    expect(verdict).toEqual({
      gate: 'window',
      passed: false,
      reason:
        "Outside the deploy windows of prod: '0 9 * * 1-5' (Europe/Berlin) for 480 min",
    });
    expect(windowGate(facts(prod, { windows: [officeHours] })).passed).toBe(
      true,
    );
    expect(windowGate(facts(prod, {})).passed).toBe(true);
  });
});

describe('freezes', () => {
  it('blocks inside a fixed freeze, with its reason and end', () => {
    const yearEnd = {
      start: '2026-11-20T00:00:00Z',
      end: '2026-11-30T00:00:00Z',
      reason: 'Black Friday',
    };
    expect(freezeGate(facts(prod, { freezes: [yearEnd] }))).toEqual({
      gate: 'freeze',
      passed: false,
      reason: 'prod is frozen: Black Friday (until 2026-11-30T00:00:00Z)',
    });
    expect(
      freezeGate(
        facts(prod, { freezes: [yearEnd] }, { now: new Date(yearEnd.end) }),
      ).passed,
    ).toBe(true);
  });

  it('blocks inside a recurring freeze', () => {
    const fridayAfternoons = {
      cron: '0 14 * * 5',
      durationMinutes: 10 * 60,
      timeZone: 'Europe/Berlin',
      reason: 'No deploys on Friday afternoon',
    };
    const friday = new Date('2026-11-27T14:00:00Z'); // 15:00 in Berlin
    expect(
      freezeGate(facts(prod, { freezes: [fridayAfternoons] }, { now: friday }))
        .passed,
    ).toBe(false);
    expect(
      freezeGate(facts(prod, { freezes: [fridayAfternoons] })).passed,
    ).toBe(true);
  });
});

describe('soak time', () => {
  it('counts the minutes the version has run in the stage before', () => {
    const soaking = (since: string) =>
      soakGate(
        facts(
          prod,
          { soakMinutes: 60 },
          { runningInPreviousStageSince: new Date(since) },
        ),
      );
    expect(soaking('2026-11-24T09:30:00Z')).toEqual({
      gate: 'soak',
      passed: false,
      reason: 'Has run 30 min in staging; 60 required (30 to go)',
    });
    expect(soaking('2026-11-24T09:00:00Z').passed).toBe(true);
    expect(soakGate(facts(prod, { soakMinutes: 60 })).reason).toMatch(
      /does not run in staging/,
    );
    expect(soakGate(facts(prod, { soakMinutes: 0 })).passed).toBe(true);
  });
});

describe('dependency requirements', () => {
  const requiring = (
    requires: Record<string, string>,
    running: [string, string][],
  ) =>
    dependenciesGate(
      facts(prod, {}, { requires, runningInStage: new Map(running) }),
    );

  it('passes when the stage runs versions in every range', () => {
    expect(
      requiring({ 'component:default/payments': '>=1.7 <2' }, [
        ['component:default/payments', '1.9.3'],
      ]),
    ).toMatchObject({ passed: true });
  });

  it('names each requirement the stage does not meet', () => {
    const verdict = requiring(
      {
        'component:default/payments': '>=1.7 <2',
        'component:default/cart': '^3.0.0',
        'component:default/search': 'not a range',
      },
      [['component:default/payments', '1.6.0']],
    );
    expect(verdict.passed).toBe(false);
    expect(verdict.reason).toBe(
      [
        'component:default/payments >=1.7 <2 required, prod runs 1.6.0',
        'component:default/cart ^3.0.0 required, prod runs none',
        "component:default/search: 'not a range' is not a valid semver range",
      ].join('; '),
    );
  });

  it('blocks on services the asker may not see without naming them or what they run', () => {
    const verdict = dependenciesGate(
      facts(
        prod,
        {},
        {
          requires: {
            'component:default/payments': '>=1.7 <2',
            'component:default/secret': '^2',
          },
          runningInStage: new Map([
            ['component:default/payments', '1.6.0'],
            ['component:default/secret', '1.4.1'],
          ]),
          hiddenServices: new Set(['component:default/secret']),
        },
      ),
    );
    expect(verdict).toEqual({
      gate: 'dependencies',
      passed: false,
      reason:
        'component:default/payments >=1.7 <2 required, prod runs 1.6.0; 1 required service(s) you may not see do not run a version in range in prod',
      unmetRequirements: ['component:default/payments'],
    });
  });

  it('counts pre-releases inside a range', () => {
    expect(
      requiring({ 'component:default/payments': '>=2.0.0-0' }, [
        ['component:default/payments', '2.1.0-rc.1'],
      ]).passed,
    ).toBe(true);
  });

  it('can be switched off per stage', () => {
    expect(
      dependenciesGate(
        facts(
          prod,
          { dependencies: false },
          {
            requires: { 'component:default/payments': '^9' },
          },
        ),
      ).passed,
    ).toBe(true);
  });
});

describe('previous stage health', () => {
  const latest = (state: 'succeeded' | 'failed') => ({
    id: 'd1',
    service: 'component:default/payments',
    stage: 'staging',
    version: '1.9.0',
    kind: 'promote' as const,
    state,
    reason: 'health check failed',
    createdBy: 'user:default/ana',
    createdAt: '2026-11-24T08:00:00Z',
  });

  it('blocks after a failed deployment into the stage before', () => {
    expect(
      previousStageHealthGate(
        facts(prod, {}, { previousStageLatest: latest('failed') }),
      ),
    ).toEqual({
      gate: 'previous-stage-health',
      passed: false,
      reason:
        'The latest deployment into staging (1.9.0) failed: health check failed',
    });
    expect(
      previousStageHealthGate(
        facts(prod, {}, { previousStageLatest: latest('succeeded') }),
      ).passed,
    ).toBe(true);
  });
});

it('evaluates every gate in a fixed order', () => {
  expect(checkGates(facts(prod, {})).map(g => g.gate)).toEqual([
    'order',
    'hold',
    'in-flight',
    'soak',
    'window',
    'freeze',
    'dependencies',
    'previous-stage-health',
    'rehearsal',
    'approvals',
  ]);
});

describe('the rollback rehearsal gate', () => {
  const rehearsed = (finishedAt: string, more: object = {}) => ({
    id: 'r1',
    service: 'component:default/payments',
    stage: 'staging',
    version: '2.0.0',
    previousVersion: '1.9.0',
    phase: 'done' as const,
    state: 'succeeded' as const,
    rollbackMs: 100_000,
    redeployMs: 90_000,
    requestedBy: 'user:default/ana',
    startedAt: finishedAt,
    phaseStartedAt: finishedAt,
    finishedAt,
    ...more,
  });
  const required = { rehearsal: { maxAgeDays: 7 } };
  const runs = { running: { version: '1.9.0' } };

  it('asks nothing of a stage that does not require it', () => {
    expect(rehearsalGate(facts(prod, {}))).toMatchObject({ passed: true });
  });

  it('lets the first version in: nothing to roll back to', () => {
    expect(rehearsalGate(facts(prod, required))).toEqual({
      gate: 'rehearsal',
      passed: true,
      reason: 'prod runs nothing yet, so there is nothing to roll back to',
    });
  });

  it('refuses a version whose rollback was never rehearsed, naming where to', () => {
    expect(rehearsalGate(facts(prod, required, runs))).toEqual({
      gate: 'rehearsal',
      passed: false,
      reason:
        'The rollback of 2.0.0 was never rehearsed; rehearse it in dev or staging first',
    });
  });

  it('refuses one whose last rehearsal failed, with why', () => {
    expect(
      rehearsalGate(
        facts(prod, required, {
          ...runs,
          latestRehearsal: rehearsed('2026-11-24T09:00:00Z', {
            state: 'failed',
            phase: 'rollback',
            reason: 'The rollback to 1.9.0 failed: pods crash-looping',
          }),
        }),
      ),
    ).toMatchObject({
      passed: false,
      reason:
        "The last rehearsal of 2.0.0's rollback failed in staging: The rollback to 1.9.0 failed: pods crash-looping",
    });
  });

  it('refuses a rehearsal older than the limit, and takes one just within it', () => {
    expect(
      rehearsalGate(
        facts(prod, required, {
          ...runs,
          latestRehearsal: rehearsed('2026-11-17T09:59:59Z'),
        }),
      ),
    ).toMatchObject({
      passed: false,
      reason:
        'The rollback of 2.0.0 was rehearsed 7 days ago in staging, 1 min 40 s: older than 7 days; rehearse it again in dev or staging',
    });
    expect(
      rehearsalGate(
        facts(prod, required, {
          ...runs,
          latestRehearsal: rehearsed('2026-11-17T10:00:00Z'),
        }),
      ),
    ).toEqual({
      gate: 'rehearsal',
      passed: true,
      reason: 'Rollback rehearsed 7 days ago in staging, 1 min 40 s',
    });
    expect(
      rehearsalGate(
        facts(prod, required, {
          ...runs,
          latestRehearsal: rehearsed('2026-11-22T08:00:00Z'),
        }),
      ).reason,
    ).toBe('Rollback rehearsed 2 days ago in staging, 1 min 40 s');
  });
});

describe('the pipeline’s own gates', () => {
  it('lets a version in only after it succeeded in the stage before', () => {
    const waiting = facts(prod, {}, { earlierStages: [staging] });
    expect(orderGate(waiting)).toMatchObject({
      passed: false,
      reason: '2.0.0 has not succeeded in staging yet',
    });
    expect(
      orderGate({ ...waiting, reached: new Set(['staging']) }).passed,
    ).toBe(true);
  });

  it('refuses what the stage runs already, and anything built before it', () => {
    expect(
      orderGate(facts(prod, {}, { running: { version: '2.0.0' } })),
    ).toMatchObject({ passed: false, reason: 'prod already runs 2.0.0' });
    expect(
      orderGate(
        facts(
          prod,
          {},
          {
            running: {
              version: '2.1.0',
              builtAt: new Date('2026-11-23T10:00:01Z'),
            },
          },
        ),
      ),
    ).toMatchObject({
      passed: false,
      reason: '2.0.0 is older than 2.1.0, which prod runs; roll back instead',
    });
  });

  it('holds a stage against trains, and lets a person’s promotion release it', () => {
    const hold = { by: 'user:default/ana', reason: 'bad', at: 'then' };
    expect(holdGate(facts(prod, {}, { hold, automatic: true }))).toMatchObject({
      passed: false,
    });
    expect(holdGate(facts(prod, {}, { hold }))).toMatchObject({
      passed: true,
      reason:
        'Held since then by user:default/ana: bad; this promotion releases it',
    });
  });

  it('lets one deployment at a time into a stage', () => {
    const inFlight = {
      id: 'd-1',
      version: '1.9.0',
    } as PromotionFacts['inFlight'];
    expect(inFlightGate(facts(prod, {}, { inFlight }))).toMatchObject({
      passed: false,
      reason: 'Deployment d-1 of 1.9.0 is already in flight into prod',
    });
  });

  it('names the approvals a stage waits for, without blocking the request', () => {
    const gates = checkGates(facts(prod, { approvals: 2 }));
    expect(gates.find(g => g.gate === 'approvals')).toMatchObject({
      passed: false,
      reason: 'Needs 2 approvals from people other than the requester',
    });
    expect(blockingGates(gates).map(g => g.gate)).not.toContain('approvals');
  });
});
