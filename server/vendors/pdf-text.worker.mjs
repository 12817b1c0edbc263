// Runs in a worker thread (plain ESM, outside the TypeScript build and jest's module system): pdf.js parses the
// untrusted PDF here, under the thread's memory limit, and the caller enforces a time limit by terminating it.
import { parentPort, workerData } from 'node:worker_threads';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

async function pdfText(bytes, maxPages) {
  const doc = await getDocument({ data: bytes, isEvalSupported: false, disableFontFace: true, useSystemFonts: false, verbosity: 0 }).promise;
  const pages = [];
  try {
    const count = Math.min(doc.numPages, maxPages);
    for (let n = 1; n <= count; n++) {
      const page = await doc.getPage(n);
      const content = await page.getTextContent();
      let line = '';
      const lines = [];
      for (const item of content.items) {
        if (!('str' in item)) continue;
        line += item.str;
        if (item.hasEOL) {
          lines.push(line);
          line = '';
        }
      }
      if (line) lines.push(line);
      pages.push(lines.join('\n'));
      page.cleanup();
    }
    return { text: pages.join('\n\n'), pages: doc.numPages };
  } finally {
    await doc.destroy();
  }
}

pdfText(new Uint8Array(workerData.bytes), workerData.maxPages).then(
  (result) => parentPort.postMessage({ ok: true, ...result }),
  (err) => parentPort.postMessage({ ok: false, error: err instanceof Error ? err.message : String(err) }),
);
