import { request } from 'node:http';

export interface RawResponse {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: string;
}

/**
 * One POST with exactly the headers and bytes given (fetch would add or refuse some): for encodings,
 * content types, sizes and chunked bodies. Resolves with status 0 when the server dropped the connection.
 */
export function rawPost(url: string, headers: Record<string, string>, body: Buffer | string | Buffer[]): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'ECONNRESET' || error.code === 'EPIPE') resolve({ status: 0, headers: {}, body: '' });
      else reject(error);
    });
    for (const part of Array.isArray(body) ? body : [body]) req.write(part);
    req.end();
  });
}
