import path from 'node:path';
import { Worker } from 'node:worker_threads';

export interface PdfLimits {
  timeoutMs: number;
  maxPages: number;
  /** heap of the parsing thread */
  maxMemoryMb: number;
}

const PDF_LIMITS: PdfLimits = { timeoutMs: 20_000, maxPages: 300, maxMemoryMb: 256 };

export class PdfTextError extends Error {}

// plain ESM, so it loads the same under tsx, jest and node (see the file's header)
const WORKER = path.join(__dirname, 'pdf-text.worker.mjs');

/**
 * The text layer of a PDF, page after page. pdf.js parses the untrusted file in a worker thread with its own heap
 * limit, ended when it takes longer than the time limit; a PDF without text (a scan) gives empty text.
 */
export function pdfToText(bytes: Buffer, limits: PdfLimits = PDF_LIMITS): Promise<{ text: string; pages: number }> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER, {
      workerData: { bytes: new Uint8Array(bytes), maxPages: limits.maxPages },
      resourceLimits: { maxOldGenerationSizeMb: limits.maxMemoryMb },
    });
    let settled = false;
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void worker.terminate();
      fn();
    };
    const timer = setTimeout(
      () => settle(() => reject(new PdfTextError(`the PDF could not be read within ${limits.timeoutMs} ms`))),
      limits.timeoutMs,
    );
    worker.on('message', (m: { ok: true; text: string; pages: number } | { ok: false; error: string }) =>
      settle(() =>
        m.ok
          ? resolve({ text: m.text, pages: m.pages })
          : reject(new PdfTextError(`the PDF could not be read: ${m.error}`)),
      ),
    );
    worker.on('error', (err) => settle(() => reject(new PdfTextError(`the PDF could not be read: ${err.message}`))));
    worker.on('exit', (code) => settle(() => reject(new PdfTextError(`the PDF reader stopped (exit ${code})`))));
  });
}
