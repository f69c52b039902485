import { ConfigReader } from '@backstage/config';
import { JsonValue } from '@backstage/types';
import { readPipelines } from './pipelines';

const withPipelines = (pipelines: JsonValue) =>
  new ConfigReader({ releaseTrains: { pipelines } });

describe('readPipelines', () => {
  it('falls back to dev → staging → prod when nothing is configured', () => {
    const pipelines = readPipelines(new ConfigReader({}));
    expect(pipelines.get('default')?.stages.map(s => s.name)).toEqual([
      'dev',
      'staging',
      'prod',
    ]);
  });

  it('reads configured pipelines in order, titles defaulting to names', () => {
    const pipelines = readPipelines(
      withPipelines({
        fast: { stages: [{ name: 'qa', title: 'QA' }, { name: 'live' }] },
      }),
    );
    expect([...pipelines.keys()]).toEqual(['fast']);
    expect(
      pipelines.get('fast')?.stages.map(({ name, title }) => ({ name, title })),
    ).toEqual([
      { name: 'qa', title: 'QA' },
      { name: 'live', title: 'live' },
    ]);
  });

  it('gives the last stage two approvals by default and reads the gates', () => {
    const pipelines = readPipelines(
      withPipelines({
        fast: {
          deployer: 'webhook',
          stages: [
            { name: 'qa' },
            {
              name: 'live',
              deployer: 'argocd',
              timeoutMinutes: 10,
              ciTimeoutMinutes: 15,
              gates: {
                approvalExpiryHours: 4,
                soakMinutes: 60,
                windows: [
                  {
                    cron: '0 9 * * 1-5',
                    durationMinutes: 480,
                    timeZone: 'Europe/Berlin',
                  },
                ],
                freezes: [
                  {
                    start: '2026-12-20T00:00:00Z',
                    end: '2027-01-04T00:00:00Z',
                    reason: 'Year end',
                  },
                ],
                dependencies: false,
              },
            },
          ],
        },
      }),
    );
    const [qa, live] = pipelines.get('fast')!.stages;
    expect(qa).toMatchObject({
      deployer: 'webhook',
      timeoutMinutes: 30,
      ciTimeoutMinutes: 60,
      gates: {
        approvals: 0,
        approvalExpiryHours: 24,
        soakMinutes: 0,
        dependencies: true,
      },
    });
    expect(live).toMatchObject({
      deployer: 'argocd',
      timeoutMinutes: 10,
      ciTimeoutMinutes: 15,
      gates: {
        approvals: 2,
        approvalExpiryHours: 4,
        soakMinutes: 60,
        windows: [{ cron: '0 9 * * 1-5', timeZone: 'Europe/Berlin' }],
        freezes: [{ reason: 'Year end' }],
        dependencies: false,
        healthyPreviousStage: true,
      },
    });
  });

  it.each([
    [
      {
        p: {
          stages: [
            {
              name: 'a',
              gates: { windows: [{ cron: 'nope', durationMinutes: 5 }] },
            },
          ],
        },
      },
      /releaseTrains.pipelines.p.stages\[0\].gates.windows\[0\].cron: 'nope' is not a cron expression/,
    ],
    [
      {
        p: {
          stages: [
            {
              name: 'a',
              gates: {
                windows: [
                  {
                    cron: '0 9 * * *',
                    durationMinutes: 5,
                    timeZone: 'Mars/Olympus',
                  },
                ],
              },
            },
          ],
        },
      },
      /timeZone: 'Mars\/Olympus' is not a time zone/,
    ],
    [
      {
        p: {
          stages: [
            {
              name: 'a',
              gates: {
                freezes: [
                  {
                    start: '2027-01-02T00:00:00Z',
                    end: '2027-01-01T00:00:00Z',
                    reason: 'x',
                  },
                ],
              },
            },
          ],
        },
      },
      /freezes\[0\]: start must be before end/,
    ],
    [
      { p: { stages: [{ name: 'a', gates: { approvals: 1.5 } }] } },
      /gates.approvals must be a whole number/,
    ],
    [
      { p: { stages: [{ name: 'a', timeoutMinutes: 0 }] } },
      /stages\[0\].timeoutMinutes must be a positive number/,
    ],
    [
      { p: { stages: [{ name: 'a', ciTimeoutMinutes: -5 }] } },
      /stages\[0\].ciTimeoutMinutes must be a positive number/,
    ],
    [
      { p: { stages: [{ name: 'a', gates: { approvalExpiryHours: 0 } }] } },
      /stages\[0\].gates.approvalExpiryHours must be a positive number/,
    ],
    [
      { Fast: { stages: [{ name: 'qa' }] } },
      /Invalid pipeline name at releaseTrains.pipelines.Fast/,
    ],
    [
      { fast: { stages: [] } },
      /releaseTrains.pipelines.fast.stages must list at least one stage/,
    ],
    [
      { fast: { stages: [{ name: 'Q A' }] } },
      /Invalid stage name 'Q A' at releaseTrains.pipelines.fast.stages\[0\]/,
    ],
    [
      { fast: { stages: [{ name: 'qa' }, { name: 'qa' }] } },
      /Stage 'qa' appears twice/,
    ],
    [{ fast: {} }, /stages/],
    [
      {
        p: {
          stages: [{ name: 'a', gates: { approverGroup: 'user:default/ana' } }],
        },
      },
      /stages\[0\].gates.approverGroup: 'user:default\/ana' is not a group entity ref/,
    ],
  ])('refuses %j with a message naming the key', (pipelines, message) => {
    expect(() => readPipelines(withPipelines(pipelines))).toThrow(message);
  });

  it('reads a stage’s approver group as a full group ref', () => {
    const [stage] = readPipelines(
      withPipelines({
        p: { stages: [{ name: 'a', gates: { approverGroup: 'cab' } }] },
      }),
    ).get('p')!.stages;
    expect(stage.gates.approverGroup).toBe('group:default/cab');
  });
});
