/**
 * The Subscribers screen's forms: POST /console/subscribers adds one (through createSubscriber,
 * audited; a one-time token makes Back-and-resubmit lead to the first answer) and POST
 * /console/subscribers/import imports a CSV file or pasted rows (subscriberImport.ts). A form
 * with a problem shows again with its values and the message next to the field.
 */
import { createSubscriber } from '../../../actions/createSubscriber.js';
import { addressKind, channelLabels } from '../../../channels/catalog.js';
import { DomainError, type FieldErrors } from '../../../domain/errors.js';
import { ADDRESS_MAX, webhookSecretBody } from '../../../pages/console/subscriberForms.js';
import { formClaim, keepAnswer, replayAnswer, withClaim } from '../../idempotency.js';
import { formBody, many, one } from '../../pageReplies.js';
import type { RouteModule } from '../../registry.js';
import { showSubscribers } from './people.js';
import { plainErrors } from './plainErrors.js';
import { consoleScope } from './scope.js';
import { runImport } from './subscriberImport.js';
import { acceptUploads } from './upload.js';

const LABELS: Record<string, string> = {
  channel: 'Channel',
  email: 'Address',
  phone: 'Address',
  url: 'Address',
  components: 'Components',
  confirmed: 'They already agreed',
};

/** The action's errors on the form's fields: the email, phone or URL is the one Address field. */
function errorsOf(err: unknown): FieldErrors {
  if (err instanceof DomainError && err.code === 'forbidden')
    return {
      _: 'Your sign-in can read subscribers but not change them. Sign in with a write or admin token to add one.',
    };
  if (!(err instanceof DomainError) || !['validation_failed', 'conflict'].includes(err.code))
    throw err;
  const out: FieldErrors = {};
  for (const [k, v] of Object.entries(plainErrors(err, LABELS))) {
    const key = ['email', 'phone', 'url'].includes(k) ? 'address' : k;
    out[key] = out[key] ? `${out[key]} ${v}` : v;
  }
  return out;
}

export const consoleSubscriberFormRoutes: RouteModule = (server, app) =>
  consoleScope(server, app, (scope, c) => {
    acceptUploads(scope);

    scope.post('/console/subscribers', async (req, reply) => {
      const form = formBody(req.body);
      const values = {
        channel: one(form.channel).trim().slice(0, 40),
        address: one(form.address).trim().slice(0, ADDRESS_MAX),
        confirmed: one(form.confirmed) === 'yes' ? 'yes' : '',
      };
      const components = [...new Set(many(form.components))].slice(0, 500);
      const actor = c.session(req).actor;
      // a second submit of this form (Back, reload) leads to the first one's result
      const claim = formClaim(form, actor.id);
      if (claim && (await replayAnswer(app, reply, claim, { sameRequestOnly: false })))
        return reply;
      const kind = addressKind(values.channel);
      // people write numbers with spaces and dashes; the action wants +447700900123
      const address = kind === 'phone' ? values.address.replace(/[\s().-]/g, '') : values.address;
      try {
        const ctx = withClaim(app.ctx(actor), claim);
        const out = await createSubscriber(
          ctx,
          {
            channel: values.channel,
            ...(kind && address ? { [kind]: address } : {}),
            components,
            ...(values.confirmed ? { confirmed: true } : {}),
          },
          { source: 'console' },
        );
        const location = `/console/subscribers?done=added&id=${encodeURIComponent(out.subscriber.id)}`;
        await keepAnswer(ctx, claim, 303, undefined, location);
        // a webhook's signing secret exists in this answer only: show it once, then the list
        if (out.secret)
          return c.render(req, reply, 201, {
            title: 'Webhook added',
            section: 'subscribers',
            body: webhookSecretBody({
              address: out.subscriber.address,
              label: channelLabels()[out.subscriber.channel] ?? out.subscriber.channel,
              secret: out.secret,
              next: location,
            }),
          });
        return reply.redirect(location, 303);
      } catch (err) {
        return showSubscribers(c, req, reply, 400, {
          add: { values, components, errors: errorsOf(err) },
        });
      }
    });

    scope.post('/console/subscribers/import', async (req, reply) => {
      const { status, state } = await runImport(app, c.session(req), formBody(req.body));
      return showSubscribers(c, req, reply, status, { import: state });
    });
  });
