import { DoraReport } from '@release-trains/plugin-release-trains-common';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { useTheme } from '@material-ui/core/styles';
import { DateTime } from 'luxon';
import { useId } from 'react';
import {
  Bar,
  BarChart,
  CartesianGrid,
  Line,
  LineChart,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { decimal, headlineLeadTime, plural } from './format';

type Point = {
  label: string;
  deployments: number;
  leadTimeHours: number | null;
  changeFailRate: number | null;
  recoveryHours: number | null;
};

type Metric = Exclude<keyof Point, 'label'>;

/** Days in a bucket, for the deployment frequency bound per bucket. */
const BUCKET_DAYS = { day: 1, week: 7, month: 30 } as const;

function pointsOf(report: DoraReport): Point[] {
  const format = report.bucket === 'month' ? 'LLL yyyy' : 'd LLL';
  const hours = (seconds?: number) =>
    seconds === undefined ? null : Number((seconds / 3600).toFixed(2));
  return report.buckets.map(bucket => {
    const lead = headlineLeadTime(bucket.leadTime);
    const { changeFailRate, recoveryTime } = bucket;
    return {
      label: DateTime.fromISO(bucket.start, { zone: report.timeZone }).toFormat(
        format,
      ),
      deployments: bucket.deploymentFrequency.deployments,
      leadTimeHours: hours(lead?.duration.medianSeconds),
      changeFailRate:
        changeFailRate.enough && changeFailRate.rate !== undefined
          ? Number((changeFailRate.rate * 100).toFixed(1))
          : null,
      recoveryHours: recoveryTime.enough
        ? hours(recoveryTime.medianSeconds)
        : null,
    };
  });
}

/** What a chart shows, in words, for screen readers. */
function summarise(
  points: Point[],
  metric: Metric,
  unit: string,
  bucketNoun: string,
): string {
  const values = points
    .map(p => p[metric])
    .filter((v): v is number => v !== null);
  const buckets = plural(points.length, bucketNoun);
  if (values.length === 0) return `${buckets}, none with enough data`;
  const missing = points.length - values.length;
  return [
    `${buckets}: from ${decimal(Math.min(...values))} to ${decimal(
      Math.max(...values),
    )} ${unit}`,
    `latest ${decimal(values[values.length - 1])} ${unit}`,
    ...(missing > 0
      ? [`${plural(missing, bucketNoun)} without enough data`]
      : []),
  ].join(', ');
}

function TrendChart(props: {
  title: string;
  points: Point[];
  metric: Metric;
  unit: string;
  bucketNoun: string;
  kind: 'bar' | 'line';
  bound?: { value: number; label: string };
}) {
  const theme = useTheme();
  const id = useId();
  const { points, metric, bound } = props;
  const summary = `${props.title}: ${summarise(
    points,
    metric,
    props.unit,
    props.bucketNoun,
  )}${bound ? `; ${bound.label}` : ''}.`;
  const children = [
    <CartesianGrid key="grid" strokeDasharray="3 3" />,
    <XAxis key="x" dataKey="label" tick={{ fontSize: 12 }} />,
    <YAxis
      key="y"
      tick={{ fontSize: 12 }}
      allowDecimals={metric !== 'deployments'}
    />,
    <Tooltip key="tooltip" formatter={(v: unknown) => `${v} ${props.unit}`} />,
    bound && (
      <ReferenceLine
        key="bound"
        y={bound.value}
        stroke={theme.palette.success?.main ?? '#2e7d32'}
        strokeDasharray="6 4"
        ifOverflow="extendDomain"
        label={{ value: bound.label, position: 'insideTopRight', fontSize: 12 }}
      />
    ),
  ];
  return (
    <Box component="figure" m={0} aria-labelledby={id}>
      <Typography id={id} component="h3" variant="subtitle2" gutterBottom>
        {props.title}
      </Typography>
      <div role="img" aria-label={summary}>
        <ResponsiveContainer width="100%" height={220}>
          {props.kind === 'bar' ? (
            <BarChart data={points}>
              {children}
              <Bar
                dataKey={metric}
                name={props.title}
                fill={theme.palette.primary.main}
                isAnimationActive={false}
              />
            </BarChart>
          ) : (
            <LineChart data={points}>
              {children}
              <Line
                dataKey={metric}
                name={props.title}
                stroke={theme.palette.primary.main}
                connectNulls={false}
                isAnimationActive={false}
              />
            </LineChart>
          )}
        </ResponsiveContainer>
      </div>
    </Box>
  );
}

/**
 * The DORA metrics per bucket of a report: deployments (bars), median lead
 * time, change fail rate and recovery time (lines), each against the elite
 * bound of its band.
 *
 * @public
 */
export function DoraTrends(props: { report: DoraReport }) {
  const { report } = props;
  const points = pointsOf(report);
  const per = report.bucket;
  // The elite bounds as the backend is configured (docs/insights.md).
  const elite = {
    perBucket: report.bands.deploymentsPerDay.elite * BUCKET_DAYS[per],
    leadTimeHours: report.bands.leadTimeHours.elite,
    changeFailRate: report.bands.changeFailRate.elite * 100,
    recoveryHours: report.bands.recoveryHours.elite,
  };
  const perBucket = Number(elite.perBucket.toFixed(2));
  const charts = [
    <TrendChart
      key="deployments"
      title={`Deployments per ${per}`}
      points={points}
      metric="deployments"
      unit="deployments"
      bucketNoun={per}
      kind="bar"
      bound={{
        value: perBucket,
        label: `elite: ${perBucket} or more a ${per}`,
      }}
    />,
    <TrendChart
      key="lead"
      title="Median lead time (hours)"
      points={points}
      metric="leadTimeHours"
      unit="hours"
      bucketNoun={per}
      kind="line"
      bound={{
        value: elite.leadTimeHours,
        label: `elite: ${elite.leadTimeHours} hours or less`,
      }}
    />,
    <TrendChart
      key="cfr"
      title="Change fail rate (%)"
      points={points}
      metric="changeFailRate"
      unit="%"
      bucketNoun={per}
      kind="line"
      bound={{
        value: elite.changeFailRate,
        label: `elite: ${elite.changeFailRate} % or less`,
      }}
    />,
    <TrendChart
      key="recovery"
      title="Median recovery time (hours)"
      points={points}
      metric="recoveryHours"
      unit="hours"
      bucketNoun={per}
      kind="line"
      bound={{
        value: elite.recoveryHours,
        label: `elite: ${elite.recoveryHours} ${
          elite.recoveryHours === 1 ? 'hour' : 'hours'
        } or less`,
      }}
    />,
  ];
  return (
    <Box
      display="grid"
      style={{
        gap: 24,
        gridTemplateColumns: 'repeat(auto-fill, minmax(360px, 1fr))',
      }}
    >
      {charts}
    </Box>
  );
}
