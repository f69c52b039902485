/**
 * The signal channel of a service: the backend publishes on it, once per
 * committed change to what the service's pages show (deployments,
 * approvals, holds, CI events, trains). The signal carries nothing but
 * `{ changed: true }`; pages refetch through the API, which checks what
 * the reader may see.
 *
 * @public
 */
export function releaseTrainsSignalChannel(serviceRef: string): string {
  return `release-trains:${serviceRef}`;
}

/**
 * The signal channel of the train schedule: the backend publishes on it
 * when a train departs or a run moves on, with nothing in it but
 * `{ changed: true }`. Service refs always hold a colon, so it never
 * collides with a service's channel.
 *
 * @public
 */
export const trainsSignalChannel = 'release-trains:trains';
