import { ConflictError } from '@backstage/errors';
import { ReleaseService } from '../catalog/ServiceDirectory';
import { StageConfig } from '../config/pipelines';
import { Ledger } from '../ledger/Ledger';
import {
  newestRollbackTarget,
  ROLLBACK_LOOKBACK,
  SUCCEEDED_THERE,
  whyNotRollBackTo,
} from '../ledger/rollbackRule';

/**
 * The version a rollback returns the stage to: the one asked for, or the
 * newest one that qualifies (see ledger/rollbackRule); otherwise 409 says why.
 */
export async function rollbackTarget(
  ledger: Ledger,
  service: ReleaseService,
  stage: StageConfig,
  running: string,
  requested: string | undefined,
): Promise<string> {
  if (requested === running) {
    throw new ConflictError(`${stage.name} already runs ${requested}`);
  }
  const ran = await ledger.deployments.latestFinished(service.ref, stage.name, {
    states: [...SUCCEEDED_THERE],
    limit: ROLLBACK_LOOKBACK,
    ...(requested && { version: requested }),
  });
  const builtAt = await ledger.versions.builtAt(service.ref, [
    ...new Set([running, ...ran.map(d => d.version)]),
  ]);
  const facts = { stage: stage.name, running, ran, builtAt };
  if (requested) {
    const reason = whyNotRollBackTo(facts, requested);
    if (reason) throw new ConflictError(reason);
    return requested;
  }
  const previous = newestRollbackTarget(facts);
  if (!previous) {
    throw new ConflictError(
      `${stage.name} of ${service.ref} never ran an older version that passed its gate and was not rolled back`,
    );
  }
  return previous;
}
