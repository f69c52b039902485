import { LoggerService } from '@backstage/backend-plugin-api';
import { SignalsService } from '@backstage/plugin-signals-node';
import {
  releaseTrainsSignalChannel,
  trainsSignalChannel,
} from '@release-trains/plugin-release-trains-common';

/**
 * Tells open pages that what they show changed, so that they refetch. Called
 * after the change committed, once per change: never for a rolled-back
 * transaction, a refused request or a retry that changed nothing.
 */
export interface LiveUpdates {
  /** What these services' pages show changed: one signal per distinct service. */
  servicesChanged(services: Iterable<string>): Promise<void>;
  /** A train departed, or a run or one of its items moved on. */
  trainsChanged(): Promise<void>;
}

/**
 * Live updates through Backstage signals. Signals are broadcast, so they
 * say only that something changed: the page refetches through the API,
 * which checks what the reader may see. A signal that cannot be sent is
 * logged; it never fails what changed.
 */
export function createLiveUpdates(options: {
  signals: SignalsService;
  logger: LoggerService;
}): LiveUpdates {
  const { signals, logger } = options;
  const publish = async (channel: string) => {
    try {
      await signals.publish({
        recipients: { type: 'broadcast' },
        channel,
        message: { changed: true },
      });
    } catch (error) {
      logger.warn(`Could not send a signal on ${channel}: ${error}`);
    }
  };
  return {
    servicesChanged: async services => {
      await Promise.all(
        [...new Set(services)].map(service =>
          publish(releaseTrainsSignalChannel(service)),
        ),
      );
    },
    trainsChanged: () => publish(trainsSignalChannel),
  };
}
