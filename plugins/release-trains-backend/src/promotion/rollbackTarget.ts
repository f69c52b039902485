import { ConflictError } from '@backstage/errors';
import { ReleaseService } from '../catalog/ServiceDirectory';
import { StageConfig } from '../config/pipelines';
import { Ledger } from '../ledger/Ledger';
import { SUCCEEDED_THERE } from './stages';

/**
 * The version a rollback returns the stage to: the one asked for, or the
 * newest one that qualifies. A version qualifies when it is older than
 * the one running and its latest deployment into the stage passed the
 * gate, succeeded and was not rolled back since; otherwise 409 says why.
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
    limit: 200,
    ...(requested && { version: requested }),
  });
  const runningBuilt = (await ledger.versions.get(service.ref, running))
    ?.built_at;
  const builtAt = await ledger.versions.builtAt(service.ref, [
    ...new Set(ran.map(d => d.version)),
  ]);
  const whyNot = (version: string): string | undefined => {
    const of = ran.filter(d => d.version === version);
    if (of.length === 0) {
      return `${version} never succeeded in ${stage.name}, so it cannot be rolled back to`;
    }
    const built = builtAt.get(version);
    if (!built || !runningBuilt || built >= new Date(runningBuilt)) {
      return `${version} is not older than ${running}, which ${stage.name} runs: a rollback only goes back; promote it instead`;
    }
    // Its latest run in the stage decides: a later rollback or an
    // ungated run outweighs an earlier pass through the gate.
    const [latest] = of;
    if (latest.state === 'rolled-back') {
      return `${version} was rolled back in ${stage.name}; promote it through the gate instead`;
    }
    return latest.ungated
      ? `${version} ran in ${stage.name} without passing its gate (ungated), so it cannot be rolled back to`
      : undefined;
  };
  if (requested) {
    const reason = whyNot(requested);
    if (reason) throw new ConflictError(reason);
    return requested;
  }
  const previous = ran.find(d => d.version !== running && !whyNot(d.version));
  if (!previous) {
    throw new ConflictError(
      `${stage.name} of ${service.ref} never ran an older version that passed its gate and was not rolled back`,
    );
  }
  return previous.version;
}
