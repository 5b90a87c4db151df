/**
 * A small closed-loop load generator: `connections` workers over a keep-alive node:http Agent
 * (maxSockets = connections), each sending its next request when the previous answer is in,
 * until `maxRequests` are sent or `maxSeconds` have passed. Latency is measured per request.
 */
import { Agent, request } from 'node:http';

export interface LoadRequest {
  method: 'GET' | 'POST';
  path: string;
  body?: string;
  headers?: Record<string, string>;
}

export interface LoadAnswer {
  status: number;
  ms: number;
  body: string;
  /** The request that was sent (index among all sent, and the request itself). */
  index: number;
}

export interface LoadResult {
  requests: number;
  seconds: number;
  throughput: number;
  p50Ms: number;
  p99Ms: number;
  statuses: Record<string, number>;
  answers: LoadAnswer[];
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] ?? Number.NaN;
}

function send(agent: Agent, baseUrl: string, req: LoadRequest): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const target = new URL(req.path, baseUrl);
    const headers: Record<string, string> = { ...req.headers };
    if (req.body !== undefined) headers['Content-Length'] = String(Buffer.byteLength(req.body));
    const r = request(target, { method: req.method, agent, headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => {
        chunks.push(chunk);
      });
      response.on('end', () => {
        resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') });
      });
      response.on('error', reject);
    });
    r.on('error', reject);
    if (req.body !== undefined) r.write(req.body);
    r.end();
  });
}

/**
 * Runs the load. `next(i)` makes the i-th request (0-based); `keepBodies` keeps each answer's body
 * (for checks after the run) instead of only its status and time.
 */
export async function runLoad(options: {
  baseUrl: string;
  connections: number;
  maxRequests: number;
  maxSeconds: number;
  next: (index: number) => LoadRequest;
  keepBodies?: boolean;
}): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: options.connections });
  const answers: LoadAnswer[] = [];
  const statuses: Record<string, number> = {};
  let sent = 0;
  const started = performance.now();
  const deadline = started + options.maxSeconds * 1000;
  const worker = async (): Promise<void> => {
    while (sent < options.maxRequests && performance.now() < deadline) {
      const index = sent++;
      const req = options.next(index);
      const t0 = performance.now();
      let status: number;
      let body = '';
      try {
        ({ status, body } = await send(agent, options.baseUrl, req));
      } catch {
        status = 0; // connection error
      }
      const ms = performance.now() - t0;
      statuses[String(status)] = (statuses[String(status)] ?? 0) + 1;
      answers.push({ status, ms, body: options.keepBodies ? body : '', index });
    }
  };
  await Promise.all(Array.from({ length: options.connections }, worker));
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();
  const latencies = answers.map((a) => a.ms).sort((a, b) => a - b);
  return {
    requests: answers.length,
    seconds,
    throughput: answers.length / seconds,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    statuses,
    answers,
  };
}
