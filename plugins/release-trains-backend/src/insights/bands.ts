/**
 * The performance bands of DORA's 2024 Accelerate State of DevOps report,
 * for the four metrics it clusters (rework rate has none). Each band is the
 * bound a figure must meet to be in it; `low` is everything else.
 * docs/insights.md gives the report's values and where these depart from it.
 */
import {
  DoraBand as Band,
  DoraBandBounds as Bounds,
  DoraBandThresholds as BandThresholds,
} from '@release-trains/plugin-release-trains-common';

export type { Band, BandThresholds };

export const DEFAULT_BAND_THRESHOLDS: BandThresholds = {
  // On demand (several a day); daily to weekly; weekly to monthly.
  deploymentsPerDay: { elite: 1, high: 1 / 7, medium: 1 / 30 },
  // Under a day; a day to a week; a week to a month.
  leadTimeHours: { elite: 24, high: 24 * 7, medium: 24 * 30 },
  // The report's clusters: 5 %, 20 % (high), 10 % (medium), 40 %; ordered
  // by the rate itself here, since a band is a bound a rate must meet.
  changeFailRate: { elite: 0.05, high: 0.1, medium: 0.2 },
  // Under an hour; under a day; under a week.
  recoveryHours: { elite: 1, high: 24, medium: 24 * 7 },
};

export function bandAtLeast(value: number, bounds: Bounds): Band {
  if (value >= bounds.elite) return 'elite';
  if (value >= bounds.high) return 'high';
  if (value >= bounds.medium) return 'medium';
  return 'low';
}

export function bandAtMost(value: number, bounds: Bounds): Band {
  if (value <= bounds.elite) return 'elite';
  if (value <= bounds.high) return 'high';
  if (value <= bounds.medium) return 'medium';
  return 'low';
}
