import {
  Gate,
  GateVerdict,
} from '@release-trains/plugin-release-trains-common';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import CheckCircleIcon from '@material-ui/icons/CheckCircle';
import CancelIcon from '@material-ui/icons/Cancel';
import HourglassEmptyIcon from '@material-ui/icons/HourglassEmpty';
import { ReactNode } from 'react';
import { EntityName } from '../EntityName';
import { loadingOrError } from './loadingOrError';

const GATE_TITLES: Record<Gate, string> = {
  order: 'Order',
  hold: 'Hold',
  'in-flight': 'Nothing in flight',
  soak: 'Soak time',
  window: 'Deploy window',
  freeze: 'Freeze',
  dependencies: 'Dependencies',
  'previous-stage-health': 'Health of the previous stage',
  rehearsal: 'Rehearsed rollback',
  approvals: 'Approvals',
};

/**
 * How a gate stands, in words and with an icon (never colour alone). The
 * approvals gate never blocks a request: it is waited for after it.
 */
function verdictOf(verdict: GateVerdict) {
  if (verdict.passed) {
    return { text: 'Passed', icon: <CheckCircleIcon color="primary" /> };
  }
  if (verdict.gate === 'approvals') {
    return {
      text: 'Awaits approval',
      icon: <HourglassEmptyIcon color="action" />,
    };
  }
  return { text: 'Failed', icon: <CancelIcon color="error" /> };
}

function Section(props: { id: string; heading: string; children: ReactNode }) {
  return (
    <Box component="section" mt={2} aria-labelledby={`${props.id}-heading`}>
      <Typography variant="subtitle2" component="h3" id={`${props.id}-heading`}>
        {props.heading}
      </Typography>
      {props.children}
    </Box>
  );
}

/** Each gate of a promotion: passed, failed or awaiting approval, and why. */
export function GateVerdicts(props: {
  id: string;
  loading: boolean;
  error?: Error;
  gates?: GateVerdict[];
}) {
  const body = (() => {
    const pending = loadingOrError({
      ...props,
      loadingText: 'Checking the gates…',
      errorText: 'Could not check the gates',
    });
    if (pending) return pending;
    return (
      <ul style={{ margin: 0, paddingLeft: 0, listStyle: 'none' }}>
        {(props.gates ?? []).map(verdict => {
          const { text, icon } = verdictOf(verdict);
          return (
            <li key={verdict.gate} data-testid={`${props.id}-${verdict.gate}`}>
              <Box display="flex" alignItems="center" style={{ gap: 8 }}>
                <span aria-hidden style={{ display: 'flex' }}>
                  {icon}
                </span>
                <Typography variant="body2">
                  <strong>
                    {GATE_TITLES[verdict.gate] ?? verdict.gate}: {text}
                  </strong>{' '}
                  — {verdict.reason}
                </Typography>
              </Box>
            </li>
          );
        })}
      </ul>
    );
  })();
  return (
    <Section id={props.id} heading="Gates">
      {body}
    </Section>
  );
}

/**
 * Who must approve: the approvals gate's rule and the stage's approver
 * group, by its catalog name.
 */
export function WhoMustApprove(props: {
  id: string;
  gates?: GateVerdict[];
  approverGroup?: string;
}) {
  const approvals = props.gates?.find(g => g.gate === 'approvals');
  if (!approvals) return null;
  return (
    <Section id={props.id} heading="Who must approve">
      <Typography variant="body2" data-testid={props.id}>
        {approvals.reason}
        {props.approverGroup && (
          <>
            , members of <EntityName value={props.approverGroup} hideIcon />
          </>
        )}
        .{!approvals.passed && ' The request waits for their approvals.'}
      </Typography>
    </Section>
  );
}
