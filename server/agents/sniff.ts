/** The sniffer is shared with consumer uploads: see server/shared/sniff.ts. */
export { sniffDocumentType } from '../shared/sniff';
