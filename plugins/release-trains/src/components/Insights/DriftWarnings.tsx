import {
  Link,
  ResponseErrorPanel,
  WarningPanel,
} from '@backstage/core-components';
import Typography from '@material-ui/core/Typography';
import { InsightsScope } from '@release-trains/plugin-release-trains-common';
import { useDeploymentsLink } from './links';
import { useInsightReport } from './useInsightReport';

const KIND_TITLES = {
  ungated: 'Ungated run',
  'not-upstream': 'Not through the stage before',
  lagging: 'Lagging',
} as const;

/**
 * Where the stages of a scope run something other than their pipeline says
 * they should; nothing at all when they do not.
 *
 * @public
 */
export function DriftWarnings(props: {
  scope: InsightsScope;
  /** Name the service of each finding: for a scope of several. */
  showService?: boolean;
}) {
  const deploymentsLink = useDeploymentsLink();
  const { value, error } = useInsightReport(props.scope, (api, scope) =>
    api.getDriftReport(scope),
  );
  if (error) {
    return <ResponseErrorPanel error={error} />;
  }
  if (!value || value.findings.length === 0) {
    return null;
  }
  return (
    <WarningPanel
      severity="warning"
      title="Drift: stages run other than the pipeline says"
      defaultExpanded
    >
      {value.findings.map(finding => (
        <Typography
          key={`${finding.service} ${finding.stage} ${finding.kind}`}
          variant="body2"
        >
          <strong>{KIND_TITLES[finding.kind]}</strong>
          {props.showService ? ` — ${finding.service}` : ''}: {finding.message}
          {deploymentsLink && (
            <>
              {' '}
              <Link
                to={deploymentsLink({
                  service: finding.service,
                  stage: finding.stage,
                })}
                aria-label={`Deployments into ${finding.stage} of ${finding.service}`}
                // In a sentence, a link must not be told apart by colour alone.
                underline="always"
              >
                Deployments
              </Link>
            </>
          )}
        </Typography>
      ))}
    </WarningPanel>
  );
}
