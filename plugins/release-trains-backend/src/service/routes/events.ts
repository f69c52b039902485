import { RequestHandler, Response } from 'express';
import { createHash } from 'node:crypto';
import {
  DELIVERY_HEADER,
  IngestionSource,
  SIGNATURE_HEADER,
  SOURCE_HEADER,
  sourceOfSubject,
  verifySignedDelivery,
} from '../../ingestion/sources';
import { RawBodyRequest } from '../requestLimits';
import { RouteContext } from '../router';

/**
 * POST /events is open in the auth policy because CI may sign its requests
 * instead of sending a Backstage token; this finds the CI source before
 * anything else looks at the request: the one whose secret signed it, or
 * the one a service token's subject belongs to. Anyone else: 401 or 403.
 */
export function authenticateDelivery(
  context: Pick<RouteContext, 'httpAuth' | 'ingestionSettings' | 'auditor'>,
  eventId = 'events-ingest',
): RequestHandler {
  return async (req, res, next) => {
    try {
      const signature = req.header(SIGNATURE_HEADER);
      let source: IngestionSource | undefined;
      if (signature) {
        source = verifySignedDelivery({
          settings: context.ingestionSettings,
          rawBody: (req as RawBodyRequest).rawBody,
          sourceName: req.header(SOURCE_HEADER),
          deliveryId: req.header(DELIVERY_HEADER),
          signature,
        });
      } else {
        const credentials = await context.httpAuth.credentials(req, {
          allow: ['service'],
        });
        source = sourceOfSubject(
          context.ingestionSettings,
          credentials.principal.subject,
        );
      }
      res.locals.eventSource = source;
      next();
    } catch (error) {
      // A refused delivery may be someone trying signatures: on the record.
      const event = await context.auditor.createEvent({
        eventId,
        severityLevel: 'medium',
        request: req,
        meta: {
          deliveryId: req.header(DELIVERY_HEADER)?.slice(0, 255) ?? null,
          source: req.header(SOURCE_HEADER)?.slice(0, 255) ?? null,
        },
      });
      await event.fail({ error: error as Error });
      next(error);
    }
  };
}

/** The CI source `authenticateDelivery` found for the delivery. */
export function eventSourceOf(res: Response): IngestionSource {
  return res.locals.eventSource;
}

/** CI reports: builds and deployments, applied once per delivery. */
export function eventsRoutes(context: RouteContext) {
  const { router, guard, ingestion } = context;

  router.post('/events', async (req, res) => {
    const source = eventSourceOf(res);
    const deliveryId = req.header(DELIVERY_HEADER)!;
    const { body } = req;
    const events = 'events' in body ? body.events : [body];
    const { result, replayed } = await guard.delivery(
      req,
      { eventId: 'events-ingest', meta: { deliveryId, source: source.name } },
      () =>
        ingestion.ingest({
          source,
          deliveryId,
          bodySha256: createHash('sha256')
            .update((req as RawBodyRequest).rawBody ?? '')
            .digest('hex'),
          events,
        }),
      ingested => ({ events: events.length, replayed: ingested.replayed }),
    );
    res.setHeader('X-Release-Trains-Replayed', String(replayed));
    res.status(200).json(result);
  });
}
