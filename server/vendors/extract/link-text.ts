/** Render a hyperlink as text, keeping the target when the label does not already show it. */
export function linkText(label: string, url: string): string {
  const target = url
    .replace(/^mailto:/i, '')
    .replace(/^tel:/i, '')
    .replace(/\?.*$/, (q) => (url.startsWith('mailto:') ? '' : q));
  const cleanLabel = label.trim();
  if (!cleanLabel) return target;
  if (url.startsWith('#')) return cleanLabel;
  if (cleanLabel.toLowerCase().includes(target.toLowerCase())) return cleanLabel;
  return `${cleanLabel} (${target})`;
}
