export interface Config {
  releaseTrains?: {
    deployers?: {
      /**
       * The `demo` deployer, which only simulates deployments. Installed
       * only when this key is present (`demo: {}` takes the defaults).
       */
      demo?: {
        /** Seconds a simulated deployment takes. Default 20. */
        durationSeconds?: number;
        /** Share of simulated deployments that fail, 0 to 1. Default 0. */
        failureRate?: number;
        /**
         * Versions whose canary misbehaves in progressive roll-outs: their
         * simulated error rate is the baseline's plus 3 percentage points
         * (about 3.5 % against 0.5 %), which fails the default error-rate
         * check. Every other version reports healthy numbers. Default none.
         */
        misbehaving?: Array<{
          /** Entity ref of the service, e.g. `component:default/recommendations`. */
          service: string;
          /** The version, e.g. `1.2.0`; every new version when left out. */
          version?: string;
          /**
           * The share of traffic, in percent, from which the canary
           * misbehaves (a bug that shows under load); below it, it is
           * healthy. Default 0: from the start.
           */
          fromWeight?: number;
        }>;
      };
    };
    /** Demo data for trying Release Trains out. */
    demo?: {
      /**
       * Seed a demo deploy history for the services of the bundled demo
       * catalog when the ledger is empty. Off unless set.
       */
      seed?: boolean;
      /**
       * Demo portal only: the golden path may keep new repositories on the
       * portal machine and register them as catalog file locations.
       */
      localPublish?: boolean;
    };
  };
}
