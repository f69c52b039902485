/**
 * Registers a new service with a pipeline (and a train) before the catalog
 * has processed it.
 *
 * @public
 */
export type RegisterServiceRequest = {
  service: string;
  pipeline: string;
  train?: string;
};

/**
 * A registered service and where to watch it.
 *
 * @public
 */
export type RegisteredService = {
  service: string;
  pipeline: string;
  train?: string;
  /** The service's Release tab in the portal. */
  releaseTabUrl: string;
};
