/** Writes a plan document as YAML: block style, with short lists and template references on one line. */
import { Document, isMap, isSeq, type Node, visit } from 'yaml';
import type { PlanDocument } from './planDocument.js';

const HEADER = ` Flare comms plan. Import it with \`flare plan import FILE\` (add --dry-run to preview).
 The document is the whole plan: people, custom roles, audiences, severities and custom
 templates it leaves out are removed on import (a plan without tiers, key_accounts or
 audiences keeps the current ones). People are referred to by email (or name).
 Built-in templates nobody edited appear as {key, locale}; fallback_providers is read from
 the environment (FLARE_SMTP_FALLBACK_URL, FLARE_SMS_FALLBACK_URL) and ignored on import.`;

export function planToYaml(plan: PlanDocument): string {
  const doc = new Document(plan);
  doc.commentBefore = HEADER;
  visit(doc, {
    Seq(_key, node) {
      // lists of names, roles and channels read best on one line
      if (node.items.every((i) => !isMap(i) && !isSeq(i))) node.flow = true;
    },
    Map(_key, node, path) {
      const parent = path[path.length - 1] as Node | undefined;
      // a reference to an unchanged built-in template: { key: investigating, locale: en }
      if (isSeq(parent) && node.items.length === 2 && node.has('locale') && node.has('key'))
        node.flow = true;
    },
  });
  return doc.toString({ lineWidth: 0, flowCollectionPadding: false });
}
