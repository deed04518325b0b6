/** Maps every error to `{error: {code, message, fields}}` with the right status. Never leaks a stack. */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DomainError, HTTP_STATUS } from '../domain/errors.js';

/** Fastify's own body errors, told as what is wrong with the body. */
const BODY_PROBLEMS: Record<string, string> = {
  FST_ERR_CTP_INVALID_JSON_BODY: 'is not valid JSON',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'is empty: send a JSON object, or no Content-Type header',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'must be sent as application/json',
  FST_ERR_CTP_BODY_TOO_LARGE: 'is too large',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'does not match its Content-Length',
};

/** Errors Fastify raises before routing (e.g. a malformed %-escape in the URL), in the same shape. */
export function frameworkErrors(err: FastifyError, _req: FastifyRequest, reply: FastifyReply) {
  return reply.status(err.statusCode && err.statusCode < 500 ? err.statusCode : 400).send({
    error: {
      code: 'bad_request',
      message: 'the URL is not valid',
      fields: { '(url)': err.message },
    },
  });
}

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
      const body = BODY_PROBLEMS[fe.code] ?? (/JSON/.test(fe.message) ? 'is not valid JSON' : '');
      const fields = body ? { '(body)': body } : {};
      const message = body ? `the request body ${body}` : fe.message;
      return reply.status(fe.statusCode).send({ error: { code, message, fields } });
    }
    req.log.error({ err }, 'unhandled error');
    return reply.status(500).send({
      error: {
        code: 'internal',
        message: 'Something went wrong on our side; it has been logged.',
        fields: {},
      },
    });
  });
  app.setNotFoundHandler((req, reply) => {
    if (req.url.startsWith('/api/')) {
      return reply.status(404).send({
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
        '<!doctype html><meta charset="utf-8"><title>Not found</title><style>p{font:16px system-ui;margin:3rem auto;max-width:40rem}</style><p>This page does not exist. <a href="/">Back to the status page</a>.</p>',
      );
  });
}
