import { InputError } from '@backstage/errors';
import express, { ErrorRequestHandler, Request, RequestHandler } from 'express';

/** A request whose JSON body was parsed, with the bytes it came as. */
export type RawBodyRequest = Request & { rawBody?: Buffer };

/** The largest body any route takes; CI batches of 500 events fit. */
export const MAX_BODY_BYTES = 5 * 1024 * 1024;

/** How deeply a body may nest objects and arrays; the API needs 4. */
export const MAX_JSON_DEPTH = 32;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPENERS = new Set([0x7b, 0x5b]);
const CLOSERS = new Set([0x7d, 0x5d]);

/**
 * Whether JSON text nests objects and arrays deeper than `max`, found by
 * one pass over the bytes without recursion, so that no depth can exhaust
 * the stack of what reads the body later (validation, checks).
 */
export function nestsDeeperThan(raw: Buffer, max: number): boolean {
  let depth = 0;
  let inString = false;
  let escaped = false;
  for (const byte of raw) {
    if (inString) {
      if (escaped) escaped = false;
      else if (byte === BACKSLASH) escaped = true;
      else if (byte === QUOTE) inString = false;
    } else if (byte === QUOTE) {
      inString = true;
    } else if (OPENERS.has(byte)) {
      depth += 1;
      if (depth > max) return true;
    } else if (CLOSERS.has(byte)) {
      depth -= 1;
    }
  }
  return false;
}

/** An error the HTTP layer answers with its own status and message. */
class RequestRefused extends Error {
  constructor(readonly statusCode: number, message: string) {
    super(message);
    this.name = 'RequestRefused';
  }
}

/** body-parser's refusals, in words a caller can act on. */
const explainBodyError: ErrorRequestHandler = (error, _req, _res, next) => {
  switch (error?.type) {
    case 'entity.too.large':
      next(
        new RequestRefused(
          413,
          `Request body is larger than ${MAX_BODY_BYTES / 1024 / 1024} MB`,
        ),
      );
      return;
    case 'entity.parse.failed':
      next(new InputError(`Request body is not valid JSON: ${error.message}`));
      return;
    case 'charset.unsupported':
    case 'encoding.unsupported':
      next(new RequestRefused(415, error.message));
      return;
    default:
      next(
        error?.status >= 400 && error?.status < 500
          ? new RequestRefused(error.status, error.message)
          : error,
      );
  }
};

const refuseDeepNesting: RequestHandler = (req, _res, next) => {
  const raw = (req as RawBodyRequest).rawBody;
  next(
    raw && nestsDeeperThan(raw, MAX_JSON_DEPTH)
      ? new InputError(
          `Request body nests objects and arrays more than ${MAX_JSON_DEPTH} levels deep`,
        )
      : undefined,
  );
};

/** Whether any string (key or value) in `value` holds a NUL; no recursion. */
function containsNul(value: unknown): boolean {
  const pending: unknown[] = [value];
  while (pending.length > 0) {
    const item = pending.pop();
    if (typeof item === 'string') {
      if (item.includes('\u0000')) return true;
    } else if (item && typeof item === 'object') {
      for (const [key, child] of Object.entries(item)) {
        pending.push(key, child);
      }
    }
  }
  return false;
}

/**
 * No text the ledger stores or looks up may hold a NUL character
 * (PostgreSQL refuses it): not in the body, the query or the path.
 */
export const rejectNulCharacters: RequestHandler = (req, _res, next) => {
  next(
    containsNul(req.query) || containsNul(req.body) || /%00/.test(req.path)
      ? new InputError('Request contains a NUL character')
      : undefined,
  );
};

/**
 * JSON bodies come as UTF-8 (RFC 8259): another charset would pass by the
 * byte-level nesting check, so it is refused (415).
 */
const requireUtf8: RequestHandler = (req, _res, next) => {
  const charset = /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(
    req.header('content-type') ?? '',
  )?.[1];
  next(
    charset && !/^utf-?8$/i.test(charset)
      ? new RequestRefused(415, `Request body must be UTF-8, not ${charset}`)
      : undefined,
  );
};

/**
 * Parses JSON bodies once for every route, keeping the raw bytes (CI
 * signatures cover them), within the size and nesting limits: a body over
 * them answers 413 or 400 and reaches no handler.
 */
export function parseJsonBodies(): (RequestHandler | ErrorRequestHandler)[] {
  return [
    requireUtf8,
    express.json({
      limit: MAX_BODY_BYTES,
      verify: (req, _res, buffer) => {
        (req as RawBodyRequest).rawBody = buffer;
      },
    }),
    explainBodyError,
    refuseDeepNesting,
  ];
}
