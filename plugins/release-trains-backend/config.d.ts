export interface Config {
  /** Configuration of the Release Trains plugins. */
  releaseTrains?: {
    /**
     * Pipelines by name. A service picks one with the `release-trains/pipeline`
     * annotation. When none are configured, a pipeline named `default` with
     * the stages dev, staging and prod is used.
     */
    pipelines?: {
      [name: string]: {
        /** The stages a version moves through, in order. */
        stages: Array<{
          /** Stage name, lower-case letters, digits and dashes. */
          name: string;
          /** Display title; defaults to the name. */
          title?: string;
        }>;
      };
    };
    /** CI ingestion (POST /api/release-trains/events). */
    ingestion?: {
      /**
       * CI sources that sign their events: the name goes in the
       * X-Release-Trains-Source header, the signature of the raw body in
       * X-Release-Trains-Signature (sha256=<hex HMAC-SHA256>). Sources may
       * instead send a Backstage token (backend.auth.externalAccess).
       */
      sources?: {
        [name: string]: {
          /**
           * Shared secret, at least 16 characters.
           * @visibility secret
           */
          secret: string;
        };
      };
    };
    /** Demo data for trying the plugin out. */
    demo?: {
      /**
       * Seed a demo deploy history for the services of the bundled demo
       * catalog when the ledger is empty. Off unless set.
       */
      seed?: boolean;
    };
  };
}
