import { decodeEntities } from './entities';
import { linkText } from './link-text';

const BLOCK_TAGS = new Set([
  'address',
  'article',
  'aside',
  'blockquote',
  'dd',
  'div',
  'dl',
  'dt',
  'fieldset',
  'figcaption',
  'figure',
  'footer',
  'form',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'header',
  'hr',
  'li',
  'main',
  'nav',
  'ol',
  'p',
  'pre',
  'section',
  'table',
  'tbody',
  'thead',
  'tfoot',
  'tr',
  'ul',
  'title',
  'body',
  'html',
  'caption',
  'summary',
  'details',
]);
const SKIP_CONTENT = ['script', 'style', 'noscript', 'template', 'svg', 'head'];

/**
 * HTML → text with a hand-written scanner instead of tag regexes: `<[^>]*>` style patterns go
 * quadratic on inputs full of unmatched "<", and policies can be several MB of markup.
 */
export function htmlToText(html: string): string {
  const lower = html.toLowerCase();
  const out: string[] = [];
  let i = 0;
  let href: string | null = null;
  let anchorStart = -1;
  while (i < html.length) {
    const lt = html.indexOf('<', i);
    if (lt === -1) {
      out.push(decodeEntities(html.slice(i)));
      break;
    }
    if (lt > i) out.push(decodeEntities(html.slice(i, lt)));
    if (lower.startsWith('<!--', lt)) {
      const end = html.indexOf('-->', lt + 4);
      i = end === -1 ? html.length : end + 3;
      continue;
    }
    const gt = html.indexOf('>', lt + 1);
    if (gt === -1) {
      out.push(decodeEntities(html.slice(lt)));
      break;
    }
    const tag = html.slice(lt + 1, gt);
    const nameMatch = /^\/?\s*([a-zA-Z][a-zA-Z0-9-]{0,20})/.exec(tag);
    i = gt + 1;
    if (!nameMatch || !nameMatch[1]) {
      if (!/^[!?]/.test(tag)) out.push(decodeEntities(html.slice(lt, gt + 1)));
      continue;
    }
    const name = nameMatch[1].toLowerCase();
    const closing = tag.startsWith('/');
    if (!closing && SKIP_CONTENT.includes(name) && !tag.endsWith('/')) {
      const end = lower.indexOf(`</${name}`, gt + 1);
      if (end === -1) {
        i = html.length;
      } else {
        const endGt = html.indexOf('>', end);
        i = endGt === -1 ? html.length : endGt + 1;
      }
      if (name === 'head') out.push('\n');
      continue;
    }
    if (name === 'a') {
      if (!closing) {
        href = /\bhref\s*=\s*["']?([^"'\s>]{1,2000})/i.exec(tag)?.[1] ?? null;
        anchorStart = out.length;
      } else if (href !== null && anchorStart >= 0) {
        const label = out.splice(anchorStart).join('');
        const target = decodeEntities(href);
        out.push(/^(mailto:|tel:|https?:)/i.test(target) ? linkText(label, target) : label);
        href = null;
        anchorStart = -1;
      }
      continue;
    }
    if (name === 'br') out.push('\n');
    else if (name === 'td' || name === 'th') out.push(closing ? ' ' : ' ');
    else if (BLOCK_TAGS.has(name)) out.push(name === 'li' && !closing ? '\n• ' : '\n');
  }
  return out.join('').replace(/[ \t]*\n[ \t]*/g, '\n');
}
