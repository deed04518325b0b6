/**
 * The Accounts screens' forms: POST /console/accounts (add an account), POST
 * /console/accounts/:id/contacts (add a contact) and POST /console/accounts/import (a CSV file
 * uploaded as multipart/form-data, read by the platform's own FormData parser, then streamed to
 * the import action). A failed form shows again with the errors next to its fields.
 */
import { createAccount } from '../../../actions/createAccount.js';
import { createContact } from '../../../actions/createContact.js';
import { importAccounts } from '../../../actions/importAccounts.js';
import { DomainError } from '../../../domain/errors.js';
import { formClaim, keepAnswer, replayAnswer, withClaim } from '../../idempotency.js';
import { formBody, many, one } from '../../pageReplies.js';
import type { RouteModule } from '../../registry.js';
import { showAccount, showAccounts } from './accounts.js';
import { plainErrors } from './plainErrors.js';
import { consoleScope } from './scope.js';
import { acceptUploads } from './upload.js';

const FORM_ERRORS = ['validation_failed', 'conflict', 'not_found'];

/** The forms' labels, so an error names the field as the form does ("Time zone is not valid."). */
const ACCOUNT_LABELS: Record<string, string> = {
  name: 'Customer name',
  external_id: 'Customer ID',
  tier: 'Tier',
  criticality: 'Criticality',
  region: 'Region',
  time_zone: 'Time zone',
  tags: 'Tags',
  account_manager_id: 'Account manager',
  components: 'Components they use',
};
const CONTACT_LABELS: Record<string, string> = {
  name: 'Name',
  role: 'Role at the customer',
  channel: 'Reach them by',
  email: 'Email address',
  phone: 'Phone number',
  url: 'Address',
};

export const consoleAccountFormRoutes: RouteModule = (server, app) =>
  consoleScope(server, app, (scope, c) => {
    acceptUploads(scope);

    scope.post('/console/accounts', async (req, reply) => {
      const form = formBody(req.body);
      const values: Record<string, string> = {};
      for (const k of [
        'name',
        'external_id',
        'tier',
        'criticality',
        'region',
        'time_zone',
        'tags',
        'account_manager_id',
      ])
        values[k] = one(form[k]).trim().slice(0, 500);
      const components = many(form.components).slice(0, 500);
      const tags = values.tags
        .split(',')
        .map((t) => t.trim().toLowerCase())
        .filter(Boolean);
      const opt = (k: string) => (values[k] ? { [k]: values[k] } : {});
      // a second submit of this form (Back, reload) leads to the first one's result
      const actor = c.session(req).actor;
      const claim = formClaim(form, actor.id);
      if (claim && (await replayAnswer(app, reply, claim, { sameRequestOnly: false })))
        return reply;
      try {
        const ctx = withClaim(app.ctx(actor), claim);
        const a = await createAccount(ctx, {
          name: values.name,
          tier: values.tier,
          criticality: values.criticality || 'normal',
          ...opt('external_id'),
          ...(values.region ? { region: values.region.toLowerCase() } : {}),
          ...opt('time_zone'),
          ...opt('account_manager_id'),
          tags,
          components,
        });
        const location = `/console/accounts/${encodeURIComponent(a.id)}?done=account`;
        await keepAnswer(ctx, claim, 303, undefined, location);
        return reply.redirect(location, 303);
      } catch (err) {
        if (!(err instanceof DomainError) || !FORM_ERRORS.includes(err.code)) throw err;
        return showAccounts(c, req, reply, 400, {
          form: { values, components, errors: plainErrors(err, ACCOUNT_LABELS) },
        });
      }
    });

    scope.post<{ Params: { id: string } }>('/console/accounts/:id/contacts', async (req, reply) => {
      const form = formBody(req.body);
      const values: Record<string, string> = {};
      for (const k of ['name', 'role', 'channel', 'address'])
        values[k] = one(form[k]).trim().slice(0, 500);
      const channel = values.channel === 'sms' ? 'sms' : 'email';
      const actor = c.session(req).actor;
      const claim = formClaim(form, actor.id);
      if (claim && (await replayAnswer(app, reply, claim, { sameRequestOnly: false })))
        return reply;
      try {
        const ctx = withClaim(app.ctx(actor), claim);
        await createContact(ctx, req.params.id, {
          ...(values.name ? { name: values.name } : {}),
          ...(values.role ? { role: values.role } : {}),
          channel,
          ...(channel === 'sms' ? { phone: values.address } : { email: values.address }),
        });
        const location = `/console/accounts/${encodeURIComponent(req.params.id)}?done=contact`;
        await keepAnswer(ctx, claim, 303, undefined, location);
        return reply.redirect(location, 303);
      } catch (err) {
        if (
          !(err instanceof DomainError) ||
          !FORM_ERRORS.includes(err.code) ||
          err.code === 'not_found'
        )
          throw err;
        const errors = plainErrors(err, CONTACT_LABELS);
        for (const k of ['email', 'phone', 'url'])
          if (errors[k]) {
            errors.address = errors[k];
            delete errors[k];
          }
        return showAccount(c, req, reply, req.params.id, 400, { values, errors });
      }
    });

    scope.post('/console/accounts/import', async (req, reply) => {
      const form = formBody(req.body);
      const text = one(form.file);
      const filename = one(form['file:name']);
      if (!text.trim())
        return showAccounts(c, req, reply, 400, {
          imported: {
            created: 0,
            updated: 0,
            contacts: 0,
            rejected: [],
            rejected_total: 0,
            error: 'Choose a CSV file to import (it was empty or missing).',
          },
        });
      try {
        const out = await importAccounts(
          app.ctx(c.session(req).actor),
          (async function* () {
            yield text;
          })(),
          { format: 'csv' },
        );
        return showAccounts(c, req, reply, 200, { imported: { ...out, filename } });
      } catch (err) {
        if (!(err instanceof DomainError) || !FORM_ERRORS.includes(err.code)) throw err;
        return showAccounts(c, req, reply, 400, {
          imported: {
            created: 0,
            updated: 0,
            contacts: 0,
            rejected: [],
            rejected_total: 0,
            filename,
            error: `${err.message.charAt(0).toUpperCase()}${err.message.slice(1)}.`,
          },
        });
      }
    });
  });
