/**
 * Shorten a text for display without cutting a word: at the last sentence end that keeps at least half of it, else
 * at the last space, with an ellipsis. A warning a person reads must never end in "Sony Networ...".
 */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  const room = text.slice(0, max - 1);
  const sentence = Math.max(room.lastIndexOf('. '), room.lastIndexOf('; '));
  if (sentence >= max / 2) return `${room.slice(0, sentence + 1)} …`;
  const space = room.lastIndexOf(' ');
  const cut = space >= max / 2 ? room.slice(0, space) : room;
  return `${cut.replace(/[\s,;:(–-]+$/, '')}…`;
}
