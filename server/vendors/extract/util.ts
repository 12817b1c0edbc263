import type { Citation } from './types';

export function cite(text: string, start: number, end: number): Citation {
  return { start, end, quote: text.slice(start, end) };
}

export function collapse(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/**
 * Start/end of the line around offset, looking at most `max` characters each way. Unbounded
 * lastIndexOf per match turns a 5 MB single-line input into quadratic work.
 */
export function lineBounds(text: string, offset: number, max = 2000): [number, number] {
  const from = Math.max(0, offset - max);
  const before = text.slice(from, offset).lastIndexOf('\n');
  const start = before === -1 ? from : from + before + 1;
  const to = Math.min(text.length, offset + max);
  const after = text.slice(offset, to).indexOf('\n');
  const end = after === -1 ? to : offset + after;
  return [start, end];
}
