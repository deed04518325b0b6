/** GET /api/v1/openapi.json: the admin API's OpenAPI 3.1 document, open to all. */
import type { FastifyInstance } from 'fastify';
import { apiModule, route, routesOf } from '../../api.js';
import { buildOpenApi } from '../../openapi.js';

const built = new WeakMap<FastifyInstance, unknown>();

export const openApiRoutes = apiModule([
  route({
    id: 'getOpenApi',
    method: 'GET',
    url: '/api/v1/openapi.json',
    access: 'public',
    tag: 'meta',
    summary: 'This document: the admin API in OpenAPI 3.1',
    handler: async ({ server, reply }) => {
      reply.header('access-control-allow-origin', '*');
      let doc = built.get(server);
      if (!doc) {
        doc = buildOpenApi(routesOf(server), { title: 'Flare admin API', version: '1' });
        built.set(server, doc);
      }
      return doc;
    },
  }),
]);
