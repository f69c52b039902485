import { ResponseError } from '@backstage/errors';

/** What a query answered, as `/api/v1/query` gives it. */
type QueryResponse =
  | {
      status: 'success';
      data:
        | { resultType: 'vector'; result: { value: [number, string] }[] }
        | { resultType: 'scalar'; result: [number, string] }
        | { resultType: 'matrix' | 'string'; result: unknown };
    }
  | { status: 'error'; errorType: string; error: string };

/**
 * Reads metrics from Prometheus with instant queries (the HTTP API's
 * `/api/v1/query`). A query answers one number: a scalar, or a vector of
 * one series (aggregate it, e.g. `sum(...)`). No series is no data
 * (undefined); a value that is not a number comes back as NaN. Prometheus
 * unreachable, refusing the query or answering several series throws:
 * the analysis counts that as an error, not as a measurement.
 */
export class PrometheusProvider {
  constructor(
    private readonly options: {
      /** Where Prometheus answers, e.g. `http://prometheus:9090`. */
      baseUrl: string;
      /** How long a query may take. */
      timeoutMs?: number;
    },
  ) {}

  async query(promql: string, at?: Date): Promise<number | undefined> {
    const url = new URL(
      'api/v1/query',
      `${this.options.baseUrl.replace(/\/*$/, '')}/`,
    );
    url.searchParams.set('query', promql);
    if (at) url.searchParams.set('time', String(at.getTime() / 1000));
    const response = await fetch(url, {
      signal: AbortSignal.timeout(this.options.timeoutMs ?? 10_000),
    });
    // Prometheus answers a bad query with 400 and a JSON body saying why.
    const body = (await response.json().catch(() => undefined)) as
      | QueryResponse
      | undefined;
    if (!body) {
      throw await ResponseError.fromResponse(response);
    }
    if (body.status === 'error') {
      throw new Error(`Prometheus: ${body.errorType}: ${body.error}`);
    }
    const { data } = body;
    if (data.resultType === 'scalar') return Number(data.result[1]);
    if (data.resultType !== 'vector') {
      throw new Error(
        `Prometheus: the query answered a ${data.resultType}; use an instant vector or a scalar`,
      );
    }
    if (data.result.length === 0) return undefined;
    if (data.result.length > 1) {
      throw new Error(
        `Prometheus: the query answered ${data.result.length} series; aggregate them into one, e.g. with sum()`,
      );
    }
    return Number(data.result[0].value[1]);
  }
}
