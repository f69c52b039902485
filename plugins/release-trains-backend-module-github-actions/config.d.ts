export interface Config {
  releaseTrains?: {
    deployers?: {
      /** The `github-actions` deployer: a workflow_dispatch per deployment. */
      githubActions?: {
        /** owner/repo of the repository holding the deploy workflow. */
        repository: string;
        /** File name or id of the workflow, e.g. deploy.yml. */
        workflow: string;
        /** Branch or tag to run the workflow on. Default main. */
        ref?: string;
        /**
         * A token allowed to dispatch workflows and read runs (actions: write).
         * @visibility secret
         */
        token: string;
        /** Default https://api.github.com (GitHub Enterprise: https://<host>/api/v3). */
        apiBaseUrl?: string;
        /**
         * How long, in seconds, each call to the GitHub API may take before it is
         * given up; reads are retried. A positive number; 10 by default.
         */
        timeoutSeconds?: number;
      };
    };
  };
}
