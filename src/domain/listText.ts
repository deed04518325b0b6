/**
 * Lists in message text, as a reader writes them: "API", "API and Webhooks", "API, Search and
 * Webhooks" (no serial comma), in the reader's language. Every component list put into a
 * customer-facing sentence goes through here.
 */

const AND: Record<string, string> = { en: 'and', fr: 'et', de: 'und' };

export function joinList(items: readonly string[], locale = 'en'): string {
  const list = items.filter((s) => s !== '');
  if (list.length <= 1) return list[0] ?? '';
  const word = AND[locale.slice(0, 2).toLowerCase()];
  if (!word) {
    try {
      return new Intl.ListFormat(locale, { type: 'conjunction' }).format(list);
    } catch {
      return list.join(', ');
    }
  }
  return `${list.slice(0, -1).join(', ')} ${word} ${list[list.length - 1]}`;
}
