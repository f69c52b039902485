import { AuthenticationError, InputError } from '@backstage/errors';
import {
  DeploymentStatusReporter,
  RELEASE_TRAINS_DELIVERY_HEADER,
  RELEASE_TRAINS_SIGNATURE_HEADER,
  verifyReleaseTrainsRequest,
} from '@release-trains/plugin-release-trains-node';
import express, { Request } from 'express';
import Router from 'express-promise-router';
import { toDeployerStatus } from './WebhookDeployer';

type RawBodyRequest = Request & { rawBody?: Buffer };

/**
 * POST /status, for the deployment system to say how a deployment went
 * instead of waiting to be polled: `{ "deploymentId", "state": "in-progress"
 * | "succeeded" | "failed", "message"? }`, named by X-Release-Trains-Delivery
 * and signed like the webhook itself (X-Release-Trains-Signature over
 * "<t>.<delivery id>.<raw body>"), within `toleranceSeconds` of our clock.
 */
export function createCallbackRouter(options: {
  secret: string;
  toleranceSeconds?: number;
  reporter: DeploymentStatusReporter;
}): express.Router {
  const router = Router();
  router.post(
    '/status',
    express.json({
      limit: '64kb',
      verify: (req, _res, buffer) => {
        (req as RawBodyRequest).rawBody = buffer;
      },
    }),
    async (req, res) => {
      const rawBody = (req as RawBodyRequest).rawBody;
      if (!rawBody) {
        throw new AuthenticationError('A signed JSON body is required');
      }
      const check = verifyReleaseTrainsRequest({
        body: rawBody,
        deliveryId: req.header(RELEASE_TRAINS_DELIVERY_HEADER),
        signature: req.header(RELEASE_TRAINS_SIGNATURE_HEADER),
        secret: options.secret,
        toleranceSeconds: options.toleranceSeconds,
      });
      if (!check.valid) {
        throw new AuthenticationError(check.reason);
      }
      const { deploymentId, state } = req.body ?? {};
      if (typeof deploymentId !== 'string' || !deploymentId) {
        throw new InputError('deploymentId: required');
      }
      if (!['in-progress', 'succeeded', 'failed'].includes(state)) {
        throw new InputError('state: must be in-progress, succeeded or failed');
      }
      await options.reporter.report(deploymentId, toDeployerStatus(req.body));
      res.status(204).end();
    },
  );
  return router;
}
