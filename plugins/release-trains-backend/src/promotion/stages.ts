import { InputError } from '@backstage/errors';
import { ReleaseService } from '../catalog/ServiceDirectory';
import { StageConfig } from '../config/pipelines';

/** A stage of the service's pipeline by name; 400 naming the pipeline otherwise. */
export function stageOf(service: ReleaseService, name: string): StageConfig {
  const stage = service.pipeline.stages.find(s => s.name === name);
  if (!stage) {
    throw new InputError(
      `stage: '${name}' is not a stage of pipeline '${
        service.pipeline.name
      }' (${service.pipeline.stages.map(s => s.name).join(', ')})`,
    );
  }
  return stage;
}

/** When a deployment started now into the stage times out. */
export function deadline(stage: StageConfig, from: Date): Date {
  return new Date(from.getTime() + stage.timeoutMinutes * 60_000);
}

/** When a deployment asked for now into the stage stops awaiting approval. */
export function approvalExpiry(stage: StageConfig, from: Date): Date {
  return new Date(from.getTime() + stage.gates.approvalExpiryHours * 3_600_000);
}

// The rule of the data lives in the ledger; promotion code imports it from here.
export { SUCCEEDED_THERE } from '../ledger/rollbackRule';
