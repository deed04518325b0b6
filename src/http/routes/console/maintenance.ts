/**
 * GET /console/maintenance (in progress, upcoming, completed, and the schedule form) and GET
 * /console/maintenance/:id (post an update, complete, change the plan). The forms that write
 * are in maintenanceForms.ts. Times on forms are read and shown in the page's time zone.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DateTime } from 'luxon';
import { AUTO_COMPLETE_BODY } from '../../../actions/advanceMaintenances.js';
import { notFound } from '../../../domain/errors.js';
import { pageZone } from '../../../lib/format.js';
import type { Flash } from '../../../pages/console/layout.js';
import { type MaintenanceFormState, maintenanceBody } from '../../../pages/console/maintenance.js';
import {
  type MaintenanceScreen,
  maintenanceOneBody,
} from '../../../pages/console/maintenanceOne.js';
import { orderComponents } from '../../../present/v2.js';
import { listComponents } from '../../../store/queries/components.js';
import { getIncident, listIncidents } from '../../../store/queries/incidents.js';
import type { Incident } from '../../../store/queries/models.js';
import { pageData } from '../../pageReplies.js';
import type { RouteModule } from '../../registry.js';
import { type Console, consoleScope } from './scope.js';

const FLASH: Record<string, Flash> = {
  scheduled: { tone: 'ok', text: 'Maintenance scheduled. It is on the status page now.' },
  saved: {
    tone: 'ok',
    text: 'Changes saved. Subscribers were not told: post an update to tell them.',
  },
  updated: { tone: 'ok', text: 'Update posted.' },
  completed: { tone: 'ok', text: 'Maintenance completed. The page says the work is done.' },
};

function flashOf(req: FastifyRequest): Flash | null {
  const done = (req.query as Record<string, unknown> | undefined)?.done;
  return typeof done === 'string' ? (FLASH[done] ?? null) : null;
}

const LOCAL = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/;

/** An ISO time as a date-and-time field's value in `zone` ("2026-12-03T22:00"). */
export function localValue(iso: string | null, zone: string): string {
  return iso ? DateTime.fromISO(iso, { zone }).toFormat("yyyy-LL-dd'T'HH:mm") : '';
}

/** A date-and-time field's value read in `zone`, as an ISO time; null when it is not one. */
export function readLocal(value: string, zone: string): string | null {
  if (!LOCAL.test(value)) return null;
  const t = DateTime.fromISO(value, { zone });
  return t.isValid ? t.toUTC().toISO({ suppressMilliseconds: true }) : null;
}

async function zoneOf(c: Console): Promise<string> {
  return pageZone((await pageData(c.app)).page.time_zone);
}

export async function showMaintenances(
  c: Console,
  req: FastifyRequest,
  reply: FastifyReply,
  status: number,
  form?: MaintenanceFormState,
): Promise<FastifyReply> {
  const db = c.app.store.db;
  const [maintenances, components, zone] = await Promise.all([
    listIncidents(db, { kind: 'maintenance', limit: 200 }),
    listComponents(db),
    zoneOf(c),
  ]);
  const start = DateTime.fromJSDate(c.app.clock.now(), { zone })
    .plus({ days: 1 })
    .set({ hour: 22, minute: 0, second: 0, millisecond: 0 });
  return c.render(req, reply, status, {
    title: 'Maintenance',
    section: 'maintenance',
    flash: status === 200 ? flashOf(req) : null,
    body: maintenanceBody({
      maintenances,
      components: orderComponents(components),
      zone,
      csrf: c.session(req).csrf,
      form: form ?? {
        values: {
          scheduled_for: start.toFormat("yyyy-LL-dd'T'HH:mm"),
          scheduled_until: start.plus({ hours: 2 }).toFormat("yyyy-LL-dd'T'HH:mm"),
          auto_transition: 'true',
          deliver_notifications: 'true',
        },
        components: [],
        errors: {},
      },
    }),
  });
}

export async function findMaintenance(c: Console, id: string): Promise<Incident> {
  const m = await getIncident(c.app.store.db, id);
  if (m?.kind !== 'maintenance') throw notFound('maintenance', id);
  return m;
}

export async function showMaintenance(
  c: Console,
  req: FastifyRequest,
  reply: FastifyReply,
  id: string,
  status = 200,
  forms: Partial<Pick<MaintenanceScreen, 'update' | 'edit' | 'completeErrors'>> = {},
): Promise<FastifyReply> {
  const [maintenance, components, zone] = await Promise.all([
    findMaintenance(c, id),
    listComponents(c.app.store.db),
    zoneOf(c),
  ]);
  const m = maintenance;
  return c.render(req, reply, status, {
    title: m.name,
    section: 'maintenance',
    flash: status === 200 ? flashOf(req) : null,
    body: maintenanceOneBody({
      maintenance: m,
      components: orderComponents(components),
      zone,
      csrf: c.session(req).csrf,
      update: forms.update ?? {
        values: {
          status: m.status === 'scheduled' ? 'in_progress' : m.status,
          deliver_notifications: 'true',
        },
        errors: {},
      },
      edit: forms.edit ?? {
        values: {
          name: m.name,
          scheduled_for: localValue(m.scheduled_for, zone),
          scheduled_until: localValue(m.scheduled_until, zone),
          auto_transition: m.auto_transition ? 'true' : '',
        },
        components: m.component_ids,
        errors: {},
      },
      completeErrors: forms.completeErrors ?? {},
      completeBody: AUTO_COMPLETE_BODY,
    }),
  });
}

export const consoleMaintenanceRoutes: RouteModule = (server, app) =>
  consoleScope(server, app, (scope, c) => {
    scope.get('/console/maintenance', (req, reply) => showMaintenances(c, req, reply, 200));
    scope.get<{ Params: { id: string } }>('/console/maintenance/:id', (req, reply) =>
      showMaintenance(c, req, reply, req.params.id),
    );
  });
