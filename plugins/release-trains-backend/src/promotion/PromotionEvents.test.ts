import { mockServices } from '@backstage/backend-test-utils';
import { Deployment } from '@release-trains/plugin-release-trains-common';
import { DEFAULT_PIPELINES } from '../config/pipelines';
import { createPromotionEvents } from './PromotionEvents';

const deployment: Deployment = {
  id: 'd-1',
  service: 'component:default/payments',
  stage: 'prod',
  version: '1.4.2',
  kind: 'promote',
  state: 'awaiting-approval',
  createdBy: 'user:default/ana.lima',
  createdAt: '2026-11-22T10:00:00.000Z',
};

function setUp(options: { failing?: boolean } = {}) {
  const notifications = {
    send: jest.fn(async () => {
      if (options.failing) throw new Error('notifications backend is down');
    }),
  };
  const signals = { publish: jest.fn(async () => {}) };
  const logger = mockServices.logger.mock();
  const events = createPromotionEvents({
    notifications,
    signals,
    logger,
    ownerOf: async ref =>
      ref === 'component:default/payments'
        ? 'group:default/team-payments'
        : undefined,
  });
  return { events, notifications, signals, logger };
}

describe('promotion events', () => {
  const prod = DEFAULT_PIPELINES.get('default')!.stages[2];
  const payments = {
    ref: 'component:default/payments',
    pipeline: DEFAULT_PIPELINES.get('default')!,
    requires: {},
  };

  it('asks the owners, not the requester, to approve', async () => {
    const { events, notifications } = setUp();
    await events.approvalNeeded(payments, deployment, prod);
    expect(notifications.send).toHaveBeenCalledWith({
      recipients: {
        type: 'entity',
        entityRef: ['group:default/team-payments'],
        excludeEntityRef: 'user:default/ana.lima',
      },
      payload: expect.objectContaining({
        title: 'Approval needed: component:default/payments 1.4.2 → Prod',
        link: '/catalog/default/component/payments/release',
        severity: 'high',
        topic: 'release-trains:approval',
      }),
    });
  });

  it('tells the owners of a failure and of a rollback', async () => {
    const { events, notifications } = setUp();
    await events.ownersConcerned({
      ...deployment,
      state: 'failed',
      reason: 'Health check failed',
    });
    await events.ownersConcerned({
      ...deployment,
      kind: 'rollback',
      state: 'succeeded',
      version: '1.4.1',
      reason: 'Error rate up',
    });
    expect(
      notifications.send.mock.calls.map(([call]: any) => [
        call.payload.title,
        call.payload.description,
      ]),
    ).toEqual([
      [
        'Deployment failed: component:default/payments 1.4.2 → prod',
        'Health check failed',
      ],
      ['Rolled back: component:default/payments prod → 1.4.1', 'Error rate up'],
    ]);
  });

  it('asks the stage’s approver group too, when it names one', async () => {
    const { events, notifications } = setUp();
    const gated = {
      ...prod,
      gates: { ...prod.gates, approverGroup: 'group:default/cab' },
    };
    await events.approvalNeeded(payments, deployment, gated);
    expect((notifications.send.mock.calls[0] as any[])[0].recipients).toEqual({
      type: 'entity',
      entityRef: ['group:default/team-payments', 'group:default/cab'],
      excludeEntityRef: 'user:default/ana.lima',
    });
  });

  it('tells the owners and the approvers of a deployment past the gate', async () => {
    const { events, notifications } = setUp();
    const gated = {
      ...prod,
      gates: { ...prod.gates, approverGroup: 'group:default/cab' },
    };
    await events.ungatedDeployment(
      payments,
      { ...deployment, state: 'succeeded', createdBy: 'ci', ungated: true },
      gated,
    );
    expect(notifications.send).toHaveBeenCalledWith({
      recipients: {
        type: 'entity',
        entityRef: ['group:default/team-payments', 'group:default/cab'],
      },
      payload: expect.objectContaining({
        title: 'Ungated deployment: component:default/payments 1.4.2 → Prod',
        description:
          'ci put 1.4.2 into Prod without passing its gate (2 approvals).',
        severity: 'high',
        topic: 'release-trains:ungated',
      }),
    });
  });

  it('signals a change on the service’s channel with nothing in it to see', async () => {
    const { events, signals } = setUp();
    await events.deploymentChanged(deployment);
    // Broadcast to whoever listens: what changed is fetched through the
    // API, which checks what the reader may see.
    expect(signals.publish).toHaveBeenCalledWith({
      recipients: { type: 'broadcast' },
      channel: 'release-trains:component:default/payments',
      message: { changed: true },
    });
  });

  it('never fails a deployment because a notification could not be sent', async () => {
    const { events, logger } = setUp({ failing: true });
    await expect(
      events.approvalNeeded(payments, deployment, prod),
    ).resolves.toBeUndefined();
    expect(logger.warn).toHaveBeenCalledWith(
      'Could not send an approval notification: Error: notifications backend is down',
    );
  });
});
