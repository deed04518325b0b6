/** The reach panel of a message preview: who the audiences ticked would reach, counted by previewAudiences. */
import { previewAudiences } from '../../../actions/previewAudiences.js';
import { channelLabels } from '../../../channels/catalog.js';
import { DomainError } from '../../../domain/errors.js';
import type { Html } from '../../../lib/html.js';
import {
  type AudienceChoice,
  type AudienceState,
  type Reach,
  reachPanel,
} from '../../../pages/console/audienceFields.js';
import { plainSubscriberReach } from '../../../store/queries/subscriberReach.js';
import type { Console } from './scope.js';

export async function reachPreview(
  c: Console,
  o: {
    severity: string | null;
    audience: AudienceState;
    audiences: AudienceChoice[];
    components: Record<string, string>;
  },
): Promise<Html> {
  let reach: Reach | null = null;
  if (o.audiences.length) reach = await countReach(c, o);
  const others =
    o.audience.visibility === 'public'
      ? await plainSubscriberReach(c.app.store.db, {
          componentIds: Object.keys(o.components),
          severity: o.severity,
        })
      : null;
  return reachPanel(reach, o.audience, o.audiences, channelLabels(), others);
}

/** The audiences ticked (none: the severity's), over the components the message names. */
async function countReach(
  c: Console,
  o: { severity: string | null; audience: AudienceState; components: Record<string, string> },
): Promise<Reach | null> {
  try {
    return await previewAudiences(c.app.store.db, {
      components: o.components,
      ...(o.audience.chosen.length ? { audiences: o.audience.chosen } : {}),
      ...(o.severity ? { severity: o.severity } : {}),
    });
  } catch (err) {
    // a severity or component deleted meanwhile: the form shows its own error for it
    if (err instanceof DomainError && err.code === 'validation_failed') return null;
    throw err;
  }
}
