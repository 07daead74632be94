// Answers sent the same way from every capability.
import { gzipSync } from 'node:zlib';
import type { FastifyReply, FastifyRequest } from 'fastify';

const gzipped = new WeakMap<Buffer, Buffer>();

/**
 * Sends JSON that the server keeps and sends again and again (a kept worklist page): gzip-compressed,
 * once per body, to a client that accepts it (browsers do), as it is to one that does not.
 */
export function sendKeptJson(request: FastifyRequest, reply: FastifyReply, json: Buffer): FastifyReply {
  reply.type('application/json; charset=utf-8').header('vary', 'Accept-Encoding');
  if (!acceptsGzip(request.headers['accept-encoding'])) return reply.send(json);
  let body = gzipped.get(json);
  if (!body) gzipped.set(json, (body = gzipSync(json, { level: 6 })));
  return reply.header('content-encoding', 'gzip').send(body);
}

/** Whether an Accept-Encoding header admits gzip (named or *, and not with q=0). */
export function acceptsGzip(header: string | string[] | undefined): boolean {
  const value = Array.isArray(header) ? header.join(',') : (header ?? '');
  return value.split(',').some((part) => {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    if (name !== 'gzip' && name !== '*') return false;
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    return q === undefined || Number(q.slice(2)) > 0;
  });
}
