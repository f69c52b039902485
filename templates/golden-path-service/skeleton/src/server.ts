import { createServer, type Server } from 'node:http';

/** The ${{ values.name }} HTTP service: GET /health answers how it is. */
export function createService(): Server {
  return createServer((req, res) => {
    if (req.method === 'GET' && req.url === '/health') {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ status: 'ok', service: '${{ values.name }}' }));
      return;
    }
    res.writeHead(404, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify({ error: 'not found' }));
  });
}

if (import.meta.main) {
  const port = Number(process.env.PORT ?? 8080);
  createService().listen(port, () => {
    console.log(`${{ values.name }} listening on :${port}`);
  });
}
