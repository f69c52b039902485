export interface Config {
  releaseTrains?: {
    deployers?: {
      /** The `argocd` deployer: an Argo CD sync (or rollback) per deployment. */
      argocd?: {
        /** Base URL of the Argo CD server, e.g. https://argocd.example.com. */
        url: string;
        /**
         * An Argo CD API token allowed to sync the applications.
         * @visibility secret
         */
        token: string;
        /**
         * Name of the application of a service in a stage, from `{name}`
         * (the entity name), `{namespace}` and `{stage}`. Default `{name}-{stage}`.
         */
        application?: string;
        /** Git revision of a version, from `{version}`. Default `{version}`. */
        revision?: string;
        /**
         * How long, in seconds, each call to the Argo CD API may take before it is
         * given up; reads are retried. A positive number; 10 by default.
         */
        timeoutSeconds?: number;
        /**
         * Whether canary and blue-green stages drive the application's Argo
         * Rollout (argoproj.io/Rollout) through Argo CD resource actions:
         * `resume`, `promote-full` and `abort`. Off by default: such stages
         * then run as rolling. The token must be allowed the `action`
         * permission on the applications.
         */
        rollout?: boolean;
        /**
         * The name of the Rollout, from `{name}`, `{namespace}` and `{stage}`,
         * when the application has several. By default its only Rollout.
         */
        rolloutName?: string;
      };
    };
  };
}
