// Runs in a worker thread (plain ESM, outside the TypeScript build and jest's module system): pdf.js parses the
// untrusted PDF here, under the thread's memory limit, and the caller enforces a time limit by terminating it.
import { parentPort, workerData } from 'node:worker_threads';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

async function pdfText(bytes, maxPages) {
  const doc = await getDocument({
    data: bytes,
    isEvalSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
    verbosity: 0,
  }).promise;
  const pages = [];
  try {
    const count = Math.min(doc.numPages, maxPages);
    for (let n = 1; n <= count; n++) {
      const page = await doc.getPage(n);
      const content = await page.getTextContent();
      pages.push(pageText(content.items.filter((item) => 'str' in item)));
      page.cleanup();
    }
    return { text: pages.join('\n\n'), pages: doc.numPages };
  } finally {
    await doc.destroy();
  }
}

/**
 * A page's lines rebuilt from its text items: a vertical gap clearly larger than the usual line spacing is a paragraph
 * break (a blank line), and a line wrapped inside a sentence (it ends without punctuation and the next starts in lower
 * case) is joined to the next, so the extractor reads sentences, not the PDF's visual lines.
 */
function pageText(items) {
  const lines = [];
  let text = '';
  let y = null;
  for (const item of items) {
    if (y === null) y = item.transform[5];
    text += item.str;
    if (item.hasEOL) {
      lines.push({ text: text.replace(/\s+$/, ''), y });
      text = '';
      y = null;
    }
  }
  if (text.trim()) lines.push({ text: text.replace(/\s+$/, ''), y });
  const gaps = lines
    .slice(1)
    .map((l, i) => Math.abs(lines[i].y - l.y))
    .filter((g) => g > 0)
    .sort((a, b) => a - b);
  const spacing = gaps.length > 0 ? gaps[Math.floor(gaps.length / 2)] : 0;
  let out = '';
  lines.forEach((line, i) => {
    if (i === 0) {
      out = line.text;
      return;
    }
    const gap = Math.abs(lines[i - 1].y - line.y);
    if (spacing > 0 && gap > spacing * 1.4) out += '\n\n' + line.text;
    else if (/[^.:;!?]$/.test(lines[i - 1].text) && /^[a-z(]/.test(line.text)) out += ' ' + line.text;
    else out += '\n' + line.text;
  });
  return out;
}

pdfText(new Uint8Array(workerData.bytes), workerData.maxPages).then(
  (result) => parentPort.postMessage({ ok: true, ...result }),
  (err) => parentPort.postMessage({ ok: false, error: err instanceof Error ? err.message : String(err) }),
);
