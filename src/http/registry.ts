/** Route modules. A new group of routes is one file and one line here. */
import type { FastifyInstance } from 'fastify';
import type { App } from '../app.js';

export type RouteModule = (server: FastifyInstance, app: App) => void | Promise<void>;

export const httpRegistry: RouteModule[] = [];
