export interface Config {
  releaseTrains?: {
    deployers?: {
      /** The `webhook` deployer: a signed POST per deployment. */
      webhook?: {
        /** Where deployments are POSTed. */
        url: string;
        /**
         * Shared secret for the X-Release-Trains-Signature header
         * (`t=<unix seconds>,sha256=<hex HMAC-SHA256 of "<t>.<delivery id>.<body>">`),
         * at least 16 characters.
         * @visibility secret
         */
        secret: string;
        /**
         * Where the status of a deployment is read (GET), with
         * `{deploymentId}` in it, e.g. https://deploy.example.com/status/{deploymentId}.
         * Without it, deployments stay in progress until their timeout.
         */
        statusUrl?: string;
        /**
         * How far, in seconds, the timestamp of a callback's signature may be
         * from the backend's clock, either way, before the callback is
         * refused. A positive number; 300 (five minutes) by default.
         */
        signatureToleranceSeconds?: number;
        /**
         * How long, in seconds, each call to the webhook or its status URL may take before it is
         * given up; reads are retried. A positive number; 10 by default.
         */
        timeoutSeconds?: number;
        /**
         * Whether the receiver understands the traffic actions of canary and
         * blue-green stages (`set-weight`, `switch-traffic`, `abort`, POSTed
         * to `url`). Off by default: such stages then run as rolling, all at
         * once, and the start carries no `rollout`.
         */
        rollout?: boolean;
      };
    };
  };
}
