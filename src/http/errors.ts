/** Maps every error to `{error: {code, message, fields}}` with the right status. Never leaks a stack. */
import type { FastifyError, FastifyInstance } from 'fastify';
import { DomainError, HTTP_STATUS } from '../domain/errors.js';

export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError | DomainError | Error, req, reply) => {
    if (err instanceof DomainError) {
      return reply
        .status(HTTP_STATUS[err.code])
        .send({ error: { code: err.code, message: err.message, fields: err.fields } });
    }
    const fe = err as FastifyError;
    if (fe.statusCode && fe.statusCode >= 400 && fe.statusCode < 500) {
      const code =
        fe.statusCode === 429
          ? 'rate_limited'
          : fe.statusCode === 413
            ? 'payload_too_large'
            : fe.statusCode === 415
              ? 'unsupported_media_type'
              : 'bad_request';
      const fields =
        fe.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || /JSON/.test(fe.message)
          ? { '(body)': 'is not valid JSON' }
          : {};
      return reply.status(fe.statusCode).send({ error: { code, message: fe.message, fields } });
    }
    req.log.error({ err }, 'unhandled error');
    return reply
      .status(500)
      .send({
        error: {
          code: 'internal',
          message: 'Something went wrong on our side; it has been logged.',
          fields: {},
        },
      });
  });
  app.setNotFoundHandler((req, reply) => {
    if (req.url.startsWith('/api/')) {
      return reply
        .status(404)
        .send({
          error: {
            code: 'not_found',
            message: `no route for ${req.method} ${req.url.split('?')[0]}`,
            fields: {},
          },
        });
    }
    return reply
      .status(404)
      .type('text/html; charset=utf-8')
      .send(
        '<!doctype html><meta charset="utf-8"><title>Not found</title><p style="font:16px system-ui;margin:3rem auto;max-width:40rem">This page does not exist. <a href="/">Back to the status page</a>.</p>',
      );
  });
}
