import { LoggerService } from '@backstage/backend-plugin-api';
import { ForwardedError } from '@backstage/errors';
import {
  ImportedDeployment,
  ImportedTrainRun,
  ImportedVersion,
  ReleaseTrainsHistoryImporter,
  ReleaseTrainsHistoryLedger,
} from '@release-trains/plugin-release-trains-node';
import { Ledger } from './Ledger';

/** The ledger as history importers see it. */
class HistoryLedger implements ReleaseTrainsHistoryLedger {
  constructor(private readonly ledger: Ledger) {}

  async isEmpty(): Promise<boolean> {
    return (
      (await this.ledger.deployments.isEmpty()) &&
      (await this.ledger.trains.list({ limit: 1 })).length === 0
    );
  }

  async addVersions(versions: ImportedVersion[]): Promise<void> {
    for (const version of versions) {
      await this.ledger.versions.add(version);
    }
  }

  async addDeployments(deployments: ImportedDeployment[]): Promise<void> {
    await this.ledger.deployments.recordAll(deployments);
  }

  async addTrainRuns(runs: ImportedTrainRun[]): Promise<void> {
    for (const run of runs) {
      const runId = await this.ledger.trains.claimDeparture(run);
      if (!runId) continue;
      await this.ledger.trains.saveItems(runId, run.items);
      await this.ledger.trains.setState(runId, 'arrived');
    }
  }
}

/**
 * Runs each history importer in a transaction of its own, so that one that
 * fails leaves nothing half imported.
 */
export async function importHistory(
  ledger: Ledger,
  importers: Iterable<ReleaseTrainsHistoryImporter>,
  logger: LoggerService,
): Promise<void> {
  for (const importer of importers) {
    logger.info(`Running history importer '${importer.id}'`);
    try {
      await ledger.transaction(tx =>
        importer.importHistory(new HistoryLedger(tx)),
      );
    } catch (error) {
      throw new ForwardedError(
        `History importer '${importer.id}' failed`,
        error,
      );
    }
  }
}
