import {
  createServer,
  IncomingMessage,
  Server,
  ServerResponse,
} from 'node:http';
import { AddressInfo } from 'node:net';
import { fetchWithRetry } from './fetchWithRetry';

describe('fetchWithRetry', () => {
  let server: Server;
  let url: string;
  let answers: ((res: ServerResponse, req: IncomingMessage) => void)[];
  let calls: number;

  const hang = () => {};
  const status = (code: number) => (res: ServerResponse) =>
    res.writeHead(code, { 'Content-Type': 'application/json' }).end('{}');

  beforeAll(async () => {
    server = createServer((req, res) => {
      const answer = answers[Math.min(calls, answers.length - 1)];
      calls++;
      answer(res, req);
    });
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });

  beforeEach(() => {
    calls = 0;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise(resolve => server.close(resolve));
  });

  const fast = { timeoutMs: 200, backoffMs: 10 };

  it('retries a GET that hangs or answers 503 until it is answered', async () => {
    answers = [hang, status(503), status(200)];
    const response = await fetchWithRetry(url, {}, fast);
    expect(response.status).toBe(200);
    expect(calls).toBe(3);
  });

  it('gives up after its attempts: the last 5xx answer, or the timeout', async () => {
    answers = [status(503)];
    await expect(fetchWithRetry(url, {}, fast)).resolves.toMatchObject({
      status: 503,
    });
    expect(calls).toBe(3);

    calls = 0;
    answers = [hang];
    await expect(
      fetchWithRetry(url, {}, { ...fast, attempts: 2 }),
    ).rejects.toThrow(`GET ${url} timed out after 200 ms`);
    expect(calls).toBe(2);
  });

  it('tries a POST once unless told it may repeat', async () => {
    answers = [status(503), status(201)];
    const once = await fetchWithRetry(url, { method: 'POST' }, fast);
    expect(once.status).toBe(503);
    expect(calls).toBe(1);

    calls = 0;
    const repeated = await fetchWithRetry(
      url,
      { method: 'POST' },
      { ...fast, attempts: 2 },
    );
    expect(repeated.status).toBe(201);
    expect(calls).toBe(2);
  });

  it('does not retry an answer below 500', async () => {
    answers = [status(404), status(200)];
    expect((await fetchWithRetry(url, {}, fast)).status).toBe(404);
    expect(calls).toBe(1);
  });
});
