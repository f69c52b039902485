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
