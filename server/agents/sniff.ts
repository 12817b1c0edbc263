/** The sniffer is shared with consumer uploads: see server/shared/sniff.ts. */
export { sniffDocumentType, type SniffedType } from '../shared/sniff';
