import { Link } from '@backstage/core-components';
import {
  DoraDuration,
  DoraFigures,
} from '@release-trains/plugin-release-trains-common';
import Box from '@material-ui/core/Box';
import Paper from '@material-ui/core/Paper';
import Typography from '@material-ui/core/Typography';
import { ReactNode, useId } from 'react';
import { BandChip } from './BandChip';
import {
  frequency,
  headlineLeadTime,
  humanDuration,
  percent,
  plural,
} from './format';

const NOT_ENOUGH = 'Not enough data';

/** The headline figures, by their name in the report. */
type HeadlineFigure = keyof DoraFigures;

function Headline(props: {
  title: string;
  figure?: string;
  caption?: string;
  band?: DoraFigures['deploymentFrequency']['band'];
  details?: ReactNode[];
  samples: string;
  deploymentsLink?: string;
  dense?: boolean;
}) {
  const id = useId();
  return (
    <Paper
      variant="outlined"
      component="section"
      aria-labelledby={id}
      style={{ padding: props.dense ? 12 : 16, height: '100%' }}
    >
      <Typography id={id} component="h3" variant="subtitle2" gutterBottom>
        {props.title}
      </Typography>
      <Box
        display="flex"
        alignItems="center"
        flexWrap="wrap"
        style={{ gap: 8 }}
      >
        <Typography component="p" variant={props.dense ? 'h6' : 'h5'}>
          {props.figure ?? NOT_ENOUGH}
        </Typography>
        {props.figure && props.band && <BandChip band={props.band} />}
      </Box>
      {props.caption && props.figure && (
        <Typography variant="body2" color="textSecondary">
          {props.caption}
        </Typography>
      )}
      {!props.dense &&
        props.details?.map((detail, i) => (
          <Typography key={i} variant="body2">
            {detail}
          </Typography>
        ))}
      <Typography variant="caption" color="textSecondary" component="p">
        {props.samples}
      </Typography>
      {props.deploymentsLink && (
        <Link
          to={props.deploymentsLink}
          aria-label={`Deployments behind the ${props.title.toLowerCase()}`}
        >
          <Typography variant="caption">Deployments</Typography>
        </Link>
      )}
    </Paper>
  );
}

/** "median 2 hours, p90 1 day (12 changes)" or "not enough data (3 changes)". */
function durationDetail(duration: DoraDuration, noun: string, nouns?: string) {
  const samples = plural(duration.samples, noun, nouns);
  if (!duration.enough || duration.medianSeconds === undefined) {
    return `not enough data (${samples})`;
  }
  const p90 =
    duration.p90Seconds === undefined
      ? ''
      : `, p90 ${humanDuration(duration.p90Seconds)}`;
  return `median ${humanDuration(duration.medianSeconds)}${p90} (${samples})`;
}

/**
 * The five DORA metrics as headline figures, each with its band and the
 * samples behind it, or "Not enough data" below the minimum of samples.
 *
 * @public
 */
export function DoraHeadlines(props: {
  figures: DoraFigures;
  /** Where the deployments behind each figure are listed. */
  links?: Partial<Record<HeadlineFigure, string>>;
  /** Headline figures only, for a card. */
  dense?: boolean;
}) {
  const { figures, links = {}, dense } = props;
  const { deploymentFrequency, leadTime, changeFailRate, recoveryTime } =
    figures;
  const { reworkRate } = figures;
  const lead = headlineLeadTime(leadTime);
  const common = { dense };
  return (
    <Box
      display="grid"
      style={{
        gap: dense ? 8 : 16,
        gridTemplateColumns: `repeat(auto-fill, minmax(${
          dense ? 160 : 220
        }px, 1fr))`,
      }}
    >
      <Headline
        {...common}
        title="Deployment frequency"
        deploymentsLink={links.deploymentFrequency}
        figure={frequency(deploymentFrequency.perDay)}
        band={deploymentFrequency.band}
        caption="into production"
        samples={`from ${plural(
          deploymentFrequency.deployments,
          'deployment',
        )}`}
      />
      <Headline
        {...common}
        title="Change lead time"
        deploymentsLink={links.leadTime}
        figure={
          lead?.duration.medianSeconds !== undefined
            ? humanDuration(lead.duration.medianSeconds)
            : undefined
        }
        caption={lead && `median from ${lead.from} to production`}
        band={leadTime.band}
        details={[
          `From commit: ${durationDetail(leadTime.fromCommit, 'change')}`,
          `From merge: ${durationDetail(leadTime.fromMerge, 'change')}`,
        ]}
        samples={`from ${plural(
          (lead?.duration ?? leadTime.fromCommit).samples,
          'change',
        )}`}
      />
      <Headline
        {...common}
        title="Change fail rate"
        deploymentsLink={links.changeFailRate}
        figure={
          changeFailRate.enough && changeFailRate.rate !== undefined
            ? percent(changeFailRate.rate)
            : undefined
        }
        band={changeFailRate.band}
        details={[
          `${changeFailRate.count} of ${plural(
            changeFailRate.samples,
            'deployment',
          )} failed, were rolled back or needed a hotfix`,
        ]}
        samples={`from ${plural(changeFailRate.samples, 'deployment')}`}
      />
      <Headline
        {...common}
        title="Recovery time"
        deploymentsLink={links.recoveryTime}
        figure={
          recoveryTime.enough && recoveryTime.medianSeconds !== undefined
            ? humanDuration(recoveryTime.medianSeconds)
            : undefined
        }
        caption="median from a failed deployment to the next good one"
        band={recoveryTime.band}
        details={
          recoveryTime.p90Seconds === undefined
            ? []
            : [`p90 ${humanDuration(recoveryTime.p90Seconds)}`]
        }
        samples={`from ${plural(
          recoveryTime.samples,
          'recovery',
          'recoveries',
        )}`}
      />
      <Headline
        {...common}
        title="Rework rate"
        deploymentsLink={links.reworkRate}
        figure={
          reworkRate.enough && reworkRate.rate !== undefined
            ? percent(reworkRate.rate)
            : undefined
        }
        details={[
          `${reworkRate.count} of ${plural(
            reworkRate.samples,
            'deployment',
          )} unplanned: roll-backs, hotfixes, older versions`,
        ]}
        samples={`from ${plural(reworkRate.samples, 'deployment')}`}
      />
    </Box>
  );
}
