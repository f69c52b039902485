import { InputError } from '@backstage/errors';
import { parseTime } from './timestamps';

/** Where a page of a history ended: the last row's creation time and id. */
export type Cursor = { createdAt: string; id: string };

/** An opaque cursor for the next page. */
export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString('base64url');
}

/** The cursor `encodeCursor` made; 400 for anything else. */
export function decodeCursor(cursor: string): Cursor {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString());
    if (
      typeof parsed.id === 'string' &&
      /^[0-9a-f-]{1,36}$/.test(parsed.id) &&
      typeof parsed.createdAt === 'string'
    ) {
      parseTime(parsed.createdAt, 'cursor');
      return { createdAt: parsed.createdAt, id: parsed.id };
    }
  } catch {
    // fall through
  }
  throw new InputError('cursor: not a cursor this API returned');
}
