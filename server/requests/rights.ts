/** The right vocabulary lives in server/shared/legal-vocabulary.ts; the mapping per jurisdiction in the deadlines feature. */
export { resolveRight } from '../deadlines';
export { OPT_OUT_RIGHTS, sameRight } from '../shared/legal-vocabulary';
