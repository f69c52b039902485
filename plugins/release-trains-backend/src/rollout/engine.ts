import { ReleaseTrainsMetricProvider } from '@release-trains/plugin-release-trains-node';
import { ReleaseService } from '../catalog/ServiceDirectory';
import {
  createPromotionEngine,
  PromotionEngine,
} from '../promotion/PromotionEngine';
import { RolloutService } from './RolloutService';

/**
 * The promotion engine with progressive delivery: every deployer goes
 * through the roll-out service, which rolls out step by step where the
 * stage configures a strategy, and starts rollbacks through the engine.
 */
export function createDeliveryEngine(
  options: Parameters<typeof createPromotionEngine>[0] & {
    providers: ReadonlyMap<string, ReleaseTrainsMetricProvider>;
    resolveService: (ref: string) => Promise<ReleaseService | undefined>;
  },
): { engine: PromotionEngine; rollouts: RolloutService } {
  const now = options.now ?? (() => new Date());
  // The two need each other: the roll-outs start rollbacks through the
  // engine's runner, the engine deploys through the roll-outs.
  const wired: { engine?: PromotionEngine } = {};
  const rollouts = new RolloutService({
    ledger: options.ledger,
    deployers: options.deployers,
    providers: options.providers,
    resolveService: options.resolveService,
    runner: () => wired.engine!.runner,
    events: options.events,
    logger: options.logger,
    now,
  });
  const engine = createPromotionEngine({
    ...options,
    now,
    deployers: new Map(
      [...options.deployers].map(([id, deployer]) => [
        id,
        rollouts.wrap(deployer),
      ]),
    ),
  });
  wired.engine = engine;
  return { engine, rollouts };
}
