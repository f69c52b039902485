/**
 * The Release Trains backend plugin: the ledger of deployments, promotion and
 * rollback through its gates, the trains, and the HTTP API.
 *
 * @packageDocumentation
 */

export { releaseTrainsPlugin as default } from './plugin';
