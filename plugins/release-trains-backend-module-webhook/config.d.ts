export interface Config {
  releaseTrains?: {
    deployers?: {
      /** The `webhook` deployer: a signed POST per deployment. */
      webhook?: {
        /** Where deployments are POSTed. */
        url: string;
        /**
         * Shared secret for the X-Release-Trains-Signature header, at least
         * 16 characters.
         * @visibility secret
         */
        secret: string;
        /**
         * Where the status of a deployment is read (GET), with
         * `{deploymentId}` in it, e.g. https://deploy.example.com/status/{deploymentId}.
         * Without it, deployments stay in progress until their timeout.
         */
        statusUrl?: string;
      };
    };
  };
}
