/**
 * Demo data for Release Trains: the simulated `demo` deployer and a deploy
 * history for the bundled demo catalog. For trying Release Trains out, not
 * for production.
 *
 * @packageDocumentation
 */

export { releaseTrainsModuleDemo as default } from './module';
