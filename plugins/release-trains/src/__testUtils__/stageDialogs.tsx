import { Entity } from '@backstage/catalog-model';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { StageStatus } from '@release-trains/plugin-release-trains-common';
import { delay, http, HttpResponse } from 'msw';
import { SetupServer } from 'msw/node';
import { useState } from 'react';
import { StageActions } from '../components/ReleaseTab/StageActions';
import {
  deployed,
  errorResponse,
  payments,
  renderWithReleaseTrainsApi,
  testBaseUrl as baseUrl,
} from './renderWithApi';

/** Payments, with its GitHub repository named, so PRs can be linked. */
export const paymentsOnGitHub: Entity = {
  ...payments,
  metadata: {
    ...payments.metadata,
    annotations: {
      ...payments.metadata.annotations,
      'github.com/project-slug': 'acme/payments',
    },
  },
};

/** Staging runs 1.4.2 with 1.5.0 waiting; a rollback returns it to 1.4.1. */
export const staging: StageStatus = {
  stage: 'staging',
  title: 'Staging',
  current: deployed('1.4.2'),
  waiting: [{ version: '1.5.0' }],
  rollbackTarget: '1.4.1',
};

/** Prod, the pipeline's last stage, like staging. */
export const prod: StageStatus = { ...staging, stage: 'prod', title: 'Prod' };

export const gate = (name: string, passed: boolean, reason: string) => ({
  gate: name,
  passed,
  reason,
});

export const change = (pr: number, title: string, author: string) => ({
  commitSha: `sha-${pr}`,
  prNumber: pr,
  title,
  author,
  issueKeys: [],
});

/**
 * Answers what the dialogs ask: the gates (`gates`, or each call's in turn
 * with a function) and the changes between two versions (recording each
 * query). Nothing else: a dialog that asked for more would fail its test.
 */
export function serveDialogs(
  server: SetupServer,
  options: {
    gates?: (call: number) => object[];
    changes?: object[] | 'error';
    /** Milliseconds the changes take to arrive. */
    changesDelay?: number;
  } = {},
) {
  const changeQueries: Record<string, string | null>[] = [];
  let checks = 0;
  server.use(
    http.get(`${baseUrl}/promotions/check`, ({ request }) => {
      const query = new URL(request.url).searchParams;
      const gates = options.gates?.(checks++) ?? [
        gate('soak', true, 'No soak time required'),
      ];
      return HttpResponse.json({
        service: 'component:default/payments',
        version: query.get('version'),
        stage: query.get('stage'),
        allowed: !gates.some((g: any) => !g.passed && g.gate !== 'approvals'),
        gates,
        ...(gates.some((g: any) => g.gate === 'approvals') && {
          approverGroup: 'group:default/change-advisory',
        }),
      });
    }),
    http.get(`${baseUrl}/changes/between`, async ({ request }) => {
      const query = new URL(request.url).searchParams;
      changeQueries.push({ from: query.get('from'), to: query.get('to') });
      if (options.changesDelay) await delay(options.changesDelay);
      if (options.changes === 'error') {
        return errorResponse(500, 'Error', 'The ledger is unreachable');
      }
      return HttpResponse.json({ items: options.changes ?? [] });
    }),
  );
  return { changeQueries };
}

/** The actions of one stage, on payments' entity page; prod is the last stage. */
export function renderStageActions(
  status: StageStatus,
  options: Parameters<typeof renderWithReleaseTrainsApi>[1] = {},
) {
  return renderWithReleaseTrainsApi(
    <EntityProvider entity={paymentsOnGitHub}>
      <StageActions
        service="component:default/payments"
        status={status}
        production={status.stage === 'prod'}
        onChange={() => {}}
      />
    </EntityProvider>,
    options,
  );
}

/**
 * Like `renderStageActions`, with the lane changeable afterwards, as the
 * Release tab refetches it after each CI event (call `setStatus` in `act`).
 */
export async function renderLiveStageActions(
  initial: StageStatus,
  options: Parameters<typeof renderWithReleaseTrainsApi>[1] = {},
) {
  const live = { setStatus: (_status: StageStatus) => {} };
  function LiveStageActions() {
    const [status, setStatus] = useState(initial);
    live.setStatus = setStatus;
    return (
      <StageActions
        service="component:default/payments"
        status={status}
        production={status.stage === 'prod'}
        onChange={() => {}}
      />
    );
  }
  await renderWithReleaseTrainsApi(
    <EntityProvider entity={paymentsOnGitHub}>
      <LiveStageActions />
    </EntityProvider>,
    options,
  );
  return live;
}
