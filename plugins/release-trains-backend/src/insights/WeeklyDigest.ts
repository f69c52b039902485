import { LoggerService } from '@backstage/backend-plugin-api';
import { NotificationService } from '@backstage/plugin-notifications-node';
import { DateTime } from 'luxon';
import { WeeklyDigestSettings } from '../config/insights';
import { digestText } from './digestText';
import { DoraService } from './DoraService';
import { everything, InsightSources } from './scope';

/** The week a digest tells of, and the week before it to compare with. */
export type DigestWeek = {
  /** The Monday the week begins, as a date in the digest's time zone. */
  label: string;
  previousStart: Date;
  start: Date;
  end: Date;
};

/**
 * The week whose digest is due at `now`: the one just ended, from `hour`
 * on the Monday after it until the next Monday; none before that hour.
 */
export function dueWeek(
  now: Date,
  settings: Pick<WeeklyDigestSettings, 'hour' | 'timeZone'>,
): DigestWeek | undefined {
  const local = DateTime.fromJSDate(now, { zone: settings.timeZone });
  const end = local.startOf('week');
  if (local < end.set({ hour: settings.hour })) return undefined;
  const start = end.minus({ weeks: 1 });
  return {
    label: start.toISODate()!,
    previousStart: start.minus({ weeks: 1 }).toJSDate(),
    start: start.toJSDate(),
    end: end.toJSDate(),
  };
}

/**
 * Tells each team how its delivery went last week (docs/insights.md,
 * "Weekly digest"): one notification per owner of services on a pipeline,
 * once a week whichever replica runs the task, and none to a team that
 * had no prod deployments in either week.
 */
export class WeeklyDigest {
  constructor(
    private readonly options: InsightSources & {
      dora: Pick<DoraService, 'report'>;
      settings: Pick<WeeklyDigestSettings, 'hour' | 'timeZone'>;
      notifications: NotificationService;
      logger: LoggerService;
    },
  ) {}

  /** Sends the digests due and not sent yet; returns how many were sent. */
  async send(): Promise<number> {
    const { ledger, dora, settings, notifications, logger } = this.options;
    const now = this.options.now?.() ?? new Date();
    const week = dueWeek(now, settings);
    if (!week) return 0;
    const owners = await this.owners();
    const recorded = await ledger.digests.recorded(week.label, owners);
    let sent = 0;
    for (const owner of owners.filter(o => !recorded.has(o))) {
      const report = await dora.report(
        {
          owner,
          from: week.previousStart,
          to: week.end,
          bucket: 'week',
          timeZone: settings.timeZone,
        },
        everything,
      );
      const [before, last] = report.buckets;
      const quiet = [before, last].every(f => f.reworkRate.samples === 0);
      const first = await ledger.digests.record({
        owner,
        weekStart: week.label,
        sent: !quiet,
        at: now,
      });
      if (!first || quiet) continue;
      try {
        await notifications.send({
          recipients: { type: 'entity', entityRef: owner },
          payload: {
            ...digestText({
              owner,
              weekStart: week.label,
              week: last,
              before,
              minimumSamples: report.minimumSamples,
            }),
            link: `/release-trains/insights?${new URLSearchParams({ owner })}`,
            severity: 'low',
            topic: 'release-trains:weekly-digest',
          },
        });
        sent += 1;
      } catch (error) {
        // Forgotten, the digest goes out on a later run of the week.
        await ledger.digests.forget(owner, week.label);
        logger.warn(`Could not send the weekly digest of ${owner}: ${error}`);
      }
    }
    if (sent > 0) logger.info(`Weekly digest: ${sent} owners told`);
    return sent;
  }

  /** The owners of services on a pipeline with stages, in order. */
  private async owners(): Promise<string[]> {
    const { ledger, pipelines } = this.options;
    const owners = new Set<string>();
    for (const service of await ledger.services.listAll()) {
      if (service.owner && pipelines.get(service.pipeline)?.stages.length) {
        owners.add(service.owner);
      }
    }
    return [...owners].sort();
  }
}
