export interface Config {
  /** Configuration of the Release Trains plugins. */
  releaseTrains?: {
    /**
     * Lets the backend start with guest sign-in (`auth.providers.guest`)
     * when NODE_ENV is production; without it, it refuses to start. A guest
     * is a signed-in user like any other: anyone who can reach the portal
     * could request promotions and, under a policy that lets any user
     * approve, count as an approver. Backstage's own guard
     * (`auth.providers.guest.dangerouslyAllowOutsideDevelopment`) only
     * refuses each guest sign-in; guest sign-in in production needs both.
     * Off by default; leave it off outside a throwaway trial.
     */
    allowGuestSignIn?: boolean;
    /**
     * Pipelines by name. A service picks one with the `release-trains/pipeline`
     * annotation. When none are configured, a pipeline named `default` with
     * the stages dev, staging and prod is used.
     */
    pipelines?: {
      [name: string]: {
        /** Deployer id for stages that name none (see `deployers`). */
        deployer?: string;
        /** Whether a version may be promoted past a stage it has not run in. Off by default. */
        allowSkippingStages?: boolean;
        /** The stages a version moves through, in order. */
        stages: Array<{
          /** Stage name, lower-case letters, digits and dashes. */
          name: string;
          /** Display title; defaults to the name. */
          title?: string;
          /** Deployer id that puts versions into this stage. */
          deployer?: string;
          /** Minutes a deployment may stay in progress before it is marked failed. Default 30. */
          timeoutMinutes?: number;
          /**
           * Minutes CI has, after it reports a deployment started, to report
           * how it ended; then the deployment is marked failed, so the stage
           * takes promotions and rollbacks again. Default 60.
           */
          ciTimeoutMinutes?: number;
          /** What must hold before a version may enter this stage. */
          gates?: {
            /**
             * Distinct approvers needed; the requester never counts. Default 2
             * for the last stage of a pipeline, 0 for the others.
             */
            approvals?: number;
            /** Hours a deployment may await approval before it is cancelled. Default 24. */
            approvalExpiryHours?: number;
            /**
             * The catalog group whose members may approve, e.g.
             * `group:default/change-advisory`. Without it, any catalog user
             * the permission policy allows to approve may.
             */
            approverGroup?: string;
            /** Minutes the version must have run in the stage before. Default 0. */
            soakMinutes?: number;
            /** Deployments may only start inside one of these windows, when any are given. */
            windows?: Array<{
              /** Opens at each occurrence, e.g. '0 9 * * 1-5'. */
              cron: string;
              durationMinutes: number;
              /** IANA time zone of the cron expression. Default UTC. */
              timeZone?: string;
            }>;
            /** Nothing may be deployed during these: fixed ranges or recurring ones. */
            freezes?: Array<{
              reason: string;
              /** ISO 8601 date-time, with `end`. */
              start?: string;
              end?: string;
              /** Recurring freeze instead of a range, with `durationMinutes`. */
              cron?: string;
              durationMinutes?: number;
              timeZone?: string;
            }>;
            /** Requirements of `release-trains/requires` must hold in the stage. Default true. */
            dependencies?: boolean;
            /** The stage before must not have failed its latest deployment. Default true. */
            healthyPreviousStage?: boolean;
            /**
             * Rollback rehearsal: a version may enter this stage only after
             * its rollback to the version before was rehearsed, and
             * succeeded, in an earlier stage (docs/progressive-delivery.md).
             * Give `{}` for the default age.
             */
            rehearsal?: {
              /** How recent the rehearsal must be, in days. Default 14. */
              maxAgeDays?: number;
            };
          };
          /**
           * How a new version is rolled out (docs/progressive-delivery.md).
           * A deployer that cannot shift traffic runs every strategy as
           * rolling, and the portal says so.
           */
          rollout?: {
            /** `rolling` (all at once, the default), `canary` or `blue-green`. */
            strategy?: 'rolling' | 'canary' | 'blue-green';
            /**
             * Canary steps, in order; traffic goes to 100 % after the last.
             * Default: setWeight 10, analysis, setWeight 50, analysis.
             */
            steps?: Array<{
              /** Percent of traffic for the new version. */
              setWeight?: number;
              /** A duration (`30s`, `5m`) or `manual` (until a person resumes). */
              pause?: string | number;
              /** Analyses health as `analysis` below says; give `{}`. */
              analysis?: {};
            }>;
            /** How health is analysed during analysis steps. */
            analysis?: {
              /** Metric provider: `push` (default), `prometheus` or a module's. */
              provider?: string;
              /** Between measurements, e.g. `30s` (default). */
              interval?: string | number;
              /** Measurements per analysis step. Default 3. */
              count?: number;
              /** Failed measurements tolerated. Default 0. */
              failureLimit?: number;
              /** Inconclusive measurements tolerated before a person is asked. Default 0. */
              inconclusiveLimit?: number;
              /** Provider errors in a row tolerated. Default 4. */
              consecutiveErrorLimit?: number;
              /**
               * The checks; default the four triggers with their default
               * thresholds. Prometheus needs a `query` per check.
               */
              checks?: Array<{
                kind:
                  | 'error-rate'
                  | 'latency-p95'
                  | 'health-check'
                  | 'burn-rate';
                /** error-rate: percentage points above the baseline that fail. Default 1. */
                maxIncreasePoints?: number;
                /** latency-p95: milliseconds above the baseline that fail. Default 500. */
                maxIncreaseMs?: number;
                /** burn-rate: the highest burn rate that passes. Default 14.4. */
                max?: number;
                /** PromQL with {{service}}, {{version}}, {{baselineVersion}}, {{stage}}. */
                query?: string;
                /** PromQL for the baseline; default `query` with {{version}} the baseline's. */
                baselineQuery?: string;
              }>;
            };
            /** Blue-green: minutes the deployer keeps the previous colour. Default 30. */
            keepPreviousMinutes?: number;
            /** Rollbacks skip the steps: the version ran verified there. Default true. */
            fastTrackRollback?: boolean;
          };
        }>;
      };
    };
    /** Metric providers for health analysis (docs/progressive-delivery.md). */
    metricProviders?: {
      prometheus?: {
        /** Where Prometheus answers, e.g. http://prometheus:9090. */
        baseUrl: string;
        /** Milliseconds a query may take. Default 10000. */
        timeoutMs?: number;
      };
    };
    /**
     * Release trains by name: a published schedule that boards, at each
     * departure, the newest eligible version of each of its services and
     * carries them stage by stage.
     */
    trains?: {
      [name: string]: {
        /** Display title; defaults to the name. */
        title?: string;
        schedule: {
          /** Departures, e.g. '0 10,15 * * 1-5'. */
          cron: string;
          /** IANA time zone of the cron expression. Default UTC. */
          timeZone?: string;
        };
        /** Versions built later than this many minutes before departure wait for the next train. Default 30. */
        cutoffMinutes?: number;
        /** The pipeline the train runs. Default `default`. */
        pipeline?: string;
        /** The stage versions must have succeeded in to board. Default the pipeline's first. */
        boardsFrom?: string;
        /** Services that ride it (entity refs); default those annotated `release-trains/train: <name>`. */
        services?: string[];
        /** No departure during these. */
        freezes?: Array<{
          reason: string;
          start?: string;
          end?: string;
          cron?: string;
          durationMinutes?: number;
          timeZone?: string;
        }>;
        /** The most changes one departure carries; services beyond it wait for the next. */
        maxChanges?: number;
        /** Whether the stages after departure still ask for their approvals. Default true. */
        approvals?: boolean;
        /** Minutes the train takes per stage, for estimated arrival times. Default 60. */
        stageMinutes?: number;
      };
    };
    /** Delivery insights (GET /api/release-trains/insights/*): see docs/insights.md. */
    insights?: {
      /** A prod deployment followed within this many hours by a hotfix counts as failed. Default 24. */
      hotfixWindowHours?: number;
      /** Below this many samples a figure reads "not enough data". Default 5. */
      minimumSamples?: number;
      /**
       * When the last stage counts as drifting behind the one before: more
       * versions waiting than `maxVersionsBehind` (default 5), or the oldest
       * waiting change there longer than `maxDaysBehind` days (default 14).
       * Owners hear of new drift once, from a check every 15 minutes.
       */
      drift?: { maxVersionsBehind?: number; maxDaysBehind?: number };
      /**
       * A notification to each team, once a week, with its DORA figures of
       * the week just ended and the change from the week before.
       */
      weeklyDigest?: {
        /** Off by default. */
        enabled?: boolean;
        /** The hour of Monday (0 to 23) from which it goes out. Default 9. */
        hour?: number;
        /** The IANA time zone of that hour and of where weeks begin. Default UTC. */
        timeZone?: string;
      };
      /**
       * The bound a figure must meet for each band; `low` is the rest.
       * Defaults from DORA's 2024 report (docs/insights.md).
       */
      bands?: {
        /** Deployments per day, at least. */
        deploymentsPerDay?: { elite?: number; high?: number; medium?: number };
        /** Median change lead time in hours, at most. */
        leadTimeHours?: { elite?: number; high?: number; medium?: number };
        /** Change fail rate (0 to 1), at most. */
        changeFailRate?: { elite?: number; high?: number; medium?: number };
        /** Median failed deployment recovery time in hours, at most. */
        recoveryHours?: { elite?: number; high?: number; medium?: number };
      };
    };
    /** CI ingestion (POST /api/release-trains/events). */
    ingestion?: {
      /**
       * How far, in seconds, a signature's timestamp may be from the
       * backend's clock, either way. Default 300.
       */
      signatureToleranceSeconds?: number;
      /**
       * How far, in seconds, an event may be dated ahead of the backend's
       * clock (occurredAt, builtAt, mergedAt). Default 300.
       */
      maxClockSkewSeconds?: number;
      /**
       * The CI systems that may report, by name. Each proves who it is with
       * a signature (X-Release-Trains-Source: <name>, X-Release-Trains-Signature:
       * t=<unix seconds>,sha256=<hex HMAC-SHA256 of "<t>.<delivery id>.<body>">)
       * or a Backstage service token whose subject is `subject`, and lists
       * what it may report for; reports for any other service answer 403.
       */
      sources?: {
        [name: string]: {
          /**
           * Shared secret, at least 16 characters.
           * @visibility secret
           */
          secret?: string;
          /** The subject of the source's service token, e.g. a static token's `subject` from `backend.auth.externalAccess`. */
          subject?: string;
          /** Services it reports for (entity refs; a name means a Component). */
          services?: string[];
          /** Owners (group refs) whose services it reports for. */
          owners?: string[];
          /** Systems (system refs) whose services it reports for. */
          systems?: string[];
          /** Reports for every service; for an installation with one CI only. */
          allServices?: boolean;
        };
      };
    };
  };
}
