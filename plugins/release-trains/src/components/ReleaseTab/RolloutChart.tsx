import {
  HealthCheckKind,
  Rollout,
  RolloutMeasurement,
} from '@release-trains/plugin-release-trains-common';
import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import { useTheme } from '@material-ui/core/styles';
import Typography from '@material-ui/core/Typography';
import { assessCheck, CHECKS, checkTitle, CheckVerdict } from './rolloutFormat';

const WIDTH = 280;
const HEIGHT = 80;
const PAD = { left: 6, right: 6, top: 8, bottom: 8 };

/** What a point's tooltip says: when, the verdict, and the values. */
function describeMeasurement(kind: HealthCheckKind, m: RolloutMeasurement) {
  const check = CHECKS[kind];
  const parts = [
    new Date(m.measuredAt).toLocaleTimeString(),
    m.phase,
    m.value === undefined ? undefined : check.value(m.value),
    check.difference && m.canary !== undefined
      ? `canary ${check.raw(m.canary)}`
      : undefined,
    check.difference && m.baseline !== undefined
      ? `baseline ${check.raw(m.baseline)}`
      : undefined,
    m.reason,
  ];
  return parts.filter(Boolean).join(' · ');
}

const VERDICT_COLORS: Record<CheckVerdict, 'error' | 'warning' | 'success'> = {
  failed: 'error',
  inconclusive: 'warning',
  passing: 'success',
  'not measured yet': 'warning',
};

/**
 * One check of a roll-out: its verdict, and its measurements in time order
 * against its threshold. For error rate and latency the line is the
 * canary's difference to the baseline (what the threshold limits); the
 * canary's and the baseline's own values are in each point's tooltip and
 * data attributes. For the others the line is the canary's value, with the
 * baseline's dotted when measured. Failed points are red squares, points
 * without a value grey crosses on the axis.
 */
export function RolloutChart(props: {
  rollout: Rollout;
  kind: HealthCheckKind;
  threshold: number;
}) {
  const { rollout, kind, threshold } = props;
  const theme = useTheme();
  const { measurements, verdict, headline } = assessCheck(rollout, kind);
  const title = checkTitle(kind, threshold, headline);
  const label = `${title} — ${verdict}`;
  const check = CHECKS[kind];
  const secondary = !check.difference;

  const values = measurements.flatMap(m => [
    ...(m.value === undefined ? [] : [m.value]),
    ...(secondary && m.baseline !== undefined ? [m.baseline] : []),
  ]);
  const low = Math.min(0, threshold, ...values);
  const high = Math.max(threshold, ...values);
  const span = high - low || 1;
  const y = (v: number) =>
    PAD.top + (1 - (v - low) / span) * (HEIGHT - PAD.top - PAD.bottom);
  const x = (index: number) =>
    measurements.length < 2
      ? WIDTH / 2
      : PAD.left +
        (index / (measurements.length - 1)) * (WIDTH - PAD.left - PAD.right);
  const line = (pick: (m: RolloutMeasurement) => number | undefined) =>
    measurements
      .map((m, i) => [i, pick(m)] as const)
      .filter((p): p is readonly [number, number] => p[1] !== undefined)
      .map(([i, v]) => `${x(i)},${y(v)}`)
      .join(' ');

  return (
    <Box mt={1} data-testid={`rollout-check-${kind}`}>
      <Box display="flex" alignItems="center" style={{ gap: 8 }}>
        <Typography variant="body2">{title}</Typography>
        <Chip
          size="small"
          label={verdict}
          style={{
            color: theme.palette[VERDICT_COLORS[verdict]].contrastText,
            // White on error.main reads at 3.7:1; on error.dark at 5:1.
            backgroundColor:
              verdict === 'failed'
                ? theme.palette.error.dark
                : theme.palette[VERDICT_COLORS[verdict]].main,
          }}
        />
      </Box>
      <svg
        role="img"
        aria-label={label}
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        width="100%"
        style={{ maxWidth: WIDTH * 1.5, display: 'block' }}
      >
        <title>{label}</title>
        <line
          data-testid="threshold"
          x1={0}
          x2={WIDTH}
          y1={y(threshold)}
          y2={y(threshold)}
          stroke={theme.palette.error.main}
          strokeDasharray="4 3"
        >
          <title>{check.threshold(threshold)}</title>
        </line>
        {secondary && (
          <polyline
            points={line(m => m.baseline)}
            fill="none"
            stroke={theme.palette.text.secondary}
            strokeDasharray="1 3"
          />
        )}
        <polyline
          points={line(m => m.value)}
          fill="none"
          stroke={theme.palette.primary.main}
          strokeWidth={1.5}
        />
        {measurements.map((m, i) => {
          const cx = x(i);
          const cy = m.value === undefined ? y(low) : y(m.value);
          return (
            <g
              key={`${m.measuredAt}-${i}`}
              data-testid="measurement"
              data-check={kind}
              data-phase={m.phase}
              data-value={m.value}
              data-canary={m.canary}
              data-baseline={m.baseline}
              data-threshold={m.threshold}
              data-measured-at={m.measuredAt}
            >
              <title>{describeMeasurement(kind, m)}</title>
              {m.phase === 'failed' && (
                <rect
                  x={cx - 4}
                  y={cy - 4}
                  width={8}
                  height={8}
                  fill={theme.palette.error.main}
                />
              )}
              {m.phase === 'successful' && (
                <circle
                  cx={cx}
                  cy={cy}
                  r={3}
                  fill={theme.palette.primary.main}
                />
              )}
              {(m.phase === 'inconclusive' || m.phase === 'error') && (
                <path
                  d={`M${cx - 3},${cy - 3}L${cx + 3},${cy + 3}M${cx - 3},${
                    cy + 3
                  }L${cx + 3},${cy - 3}`}
                  stroke={theme.palette.text.secondary}
                  strokeWidth={1.5}
                />
              )}
            </g>
          );
        })}
      </svg>
      <Typography variant="caption" color="textSecondary">
        {check.difference
          ? '— canary minus baseline · - - limit'
          : '— canary · ⋯ baseline · - - limit'}
        {headline?.canary !== undefined && check.difference
          ? ` · canary ${check.raw(headline.canary)}, baseline ${
              headline.baseline === undefined
                ? 'unknown'
                : check.raw(headline.baseline)
            }`
          : ''}
      </Typography>
    </Box>
  );
}
