import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { IANAZone } from 'luxon';
import { BandThresholds, DEFAULT_BAND_THRESHOLDS } from '../insights/bands';
import { DriftThresholds } from '../insights/drift';
import { positive } from './pipelines';

export type InsightsSettings = {
  /** A prod deployment followed this soon by a hotfix counts as failed. */
  hotfixWindowHours: number;
  /** Fewer samples than this and a figure is "not enough data". */
  minimumSamples: number;
  bands: BandThresholds;
  /** When the last stage counts as lagging the one before. */
  drift: DriftThresholds;
};

/** Reads `releaseTrains.insights`, naming the key of anything malformed. */
export function readInsightsSettings(config: Config): InsightsSettings {
  const insights = config.getOptionalConfig('releaseTrains.insights');
  const key = 'releaseTrains.insights';
  const bands = structuredClone(DEFAULT_BAND_THRESHOLDS);
  const bandsConfig = insights?.getOptionalConfig('bands');
  for (const metric of Object.keys(bands) as (keyof BandThresholds)[]) {
    for (const band of ['elite', 'high', 'medium'] as const) {
      const value = bandsConfig?.getOptionalNumber(`${metric}.${band}`);
      if (value !== undefined) {
        bands[metric][band] = positive(value, `${key}.bands.${metric}.${band}`);
      }
    }
    const { elite, high, medium } = bands[metric];
    const ordered =
      metric === 'deploymentsPerDay'
        ? elite >= high && high >= medium
        : elite <= high && high <= medium;
    if (!ordered) {
      throw new InputError(
        `${key}.bands.${metric}: elite, high and medium must be in order (${elite}, ${high}, ${medium})`,
      );
    }
  }
  return {
    hotfixWindowHours: positive(
      insights?.getOptionalNumber('hotfixWindowHours') ?? 24,
      `${key}.hotfixWindowHours`,
    ),
    minimumSamples: positive(
      insights?.getOptionalNumber('minimumSamples') ?? 5,
      `${key}.minimumSamples`,
    ),
    bands,
    drift: {
      maxVersionsBehind: positive(
        insights?.getOptionalNumber('drift.maxVersionsBehind') ?? 5,
        `${key}.drift.maxVersionsBehind`,
      ),
      maxDaysBehind: positive(
        insights?.getOptionalNumber('drift.maxDaysBehind') ?? 14,
        `${key}.drift.maxDaysBehind`,
      ),
    },
  };
}

/** The weekly digest of each team's delivery figures (docs/insights.md). */
export type WeeklyDigestSettings = {
  enabled: boolean;
  /** From this hour on Monday the digest of the week just ended goes out. */
  hour: number;
  /** Where weeks begin: Monday 00:00 in this zone. */
  timeZone: string;
};

/**
 * Reads `releaseTrains.insights.weeklyDigest`, off unless enabled; checked
 * even when off, so that turning it on cannot be what stops the backend.
 */
export function readWeeklyDigestSettings(config: Config): WeeklyDigestSettings {
  const key = 'releaseTrains.insights.weeklyDigest';
  const digest = config.getOptionalConfig(key);
  const hour = digest?.getOptionalNumber('hour') ?? 9;
  if (!Number.isInteger(hour) || hour < 0 || hour > 23) {
    throw new InputError(`${key}.hour must be a whole hour from 0 to 23`);
  }
  const timeZone = digest?.getOptionalString('timeZone') ?? 'UTC';
  if (!IANAZone.isValidZone(timeZone)) {
    throw new InputError(`${key}.timeZone: '${timeZone}' is not a time zone`);
  }
  return {
    enabled: digest?.getOptionalBoolean('enabled') ?? false,
    hour,
    timeZone,
  };
}
