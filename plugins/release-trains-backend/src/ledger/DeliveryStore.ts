import { Knex } from 'knex';

/** A CI delivery as a source sent it: its id and the hash of its body. */
export type Delivery = {
  source: string;
  deliveryId: string;
  /** Hex SHA-256 of the raw body, to tell a retry from a reuse of the id. */
  bodySha256: string;
};

/**
 * The CI deliveries applied, per source and delivery id, with the answer
 * given, so that a retry gets the same answer and changes nothing.
 */
export class DeliveryStore {
  constructor(private readonly db: Knex) {}

  /**
   * Takes the delivery's key before its events are applied: a concurrent
   * retry waits on the key and then fails, instead of applying them twice.
   */
  async claim(delivery: Delivery, receivedAt: Date): Promise<void> {
    await this.db('ingestion_deliveries').insert({
      source: delivery.source,
      delivery_id: delivery.deliveryId,
      body_sha256: delivery.bodySha256,
      result: '{}',
      received_at: receivedAt,
    });
  }

  async saveAnswer(delivery: Delivery, answer: unknown): Promise<void> {
    await this.db('ingestion_deliveries')
      .where({ source: delivery.source, delivery_id: delivery.deliveryId })
      .update({ result: JSON.stringify(answer) });
  }

  /** The answer stored for a delivery id, with the hash of the body it had. */
  async find(
    source: string,
    deliveryId: string,
  ): Promise<{ answer: unknown; bodySha256?: string } | undefined> {
    const row: { result: string; body_sha256: string | null } | undefined =
      await this.db('ingestion_deliveries')
        .where({ source, delivery_id: deliveryId })
        .first('result', 'body_sha256');
    return (
      row && {
        answer: JSON.parse(row.result),
        ...(row.body_sha256 !== null && { bodySha256: row.body_sha256 }),
      }
    );
  }
}

/** A unique key taken by a concurrent transaction (PostgreSQL, SQLite). */
export function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: string })?.code;
  return (
    code === '23505' ||
    code === 'SQLITE_CONSTRAINT_UNIQUE' ||
    code === 'SQLITE_CONSTRAINT_PRIMARYKEY'
  );
}
