/** Words that pin a statement to a jurisdiction. Order matters only for readability. */
const PATTERNS: [RegExp, string][] = [
  [/\bCalifornia\b|\bCCPA\b|\bCPRA\b|Shine the Light/i, 'US-CA'],
  [/\bNevada\b/, 'US-NV'],
  [/(?<!West )\bVirginia\b|\bVCDPA\b/, 'US-VA'],
  [/\bColorado\b/, 'US-CO'],
  [/\bConnecticut\b/, 'US-CT'],
  [/\bUtah\b/, 'US-UT'],
  [/\bTexas\b/, 'US-TX'],
  [/\bOregon\b/, 'US-OR'],
  [/\bMontana\b/, 'US-MT'],
  [/\bDelaware\b/, 'US-DE'],
  [/\bIowa\b/, 'US-IA'],
  [/\bTennessee\b/, 'US-TN'],
  [/\bNew Jersey\b/, 'US-NJ'],
  [/\bNew Hampshire\b/, 'US-NH'],
  [/\bNebraska\b/, 'US-NE'],
  [/\bMinnesota\b/, 'US-MN'],
  [/\bMaryland\b/, 'US-MD'],
  [/\bVermont\b/, 'US-VT'],
  [/\bWashington State\b|\bMy Health My Data\b/, 'US-WA'],
  [/\bEurope(?:an)?\b|\bEEA\b|\bEU\b|\bGDPR\b/, 'EU'],
  [/\bUnited Kingdom\b|\bUK\b|\bU\.K\.|\bUK GDPR\b/, 'GB'],
  [/\bSwitzerland\b|\bSwiss\b/, 'CH'],
  [/\bCanad(?:a|ian)\b|\bPIPEDA\b|\bQuebec\b/, 'CA'],
  [/\bJapan(?:ese)?\b|\bAPPI\b/, 'JP'],
  [/\bBrazil(?:ian)?\b|\bLGPD\b/, 'BR'],
  [/\bAustralia(?:n)?\b/, 'AU'],
  [/\bKorea(?:n)?\b/, 'KR'],
  [/\bChina\b|\bPIPL\b/, 'CN'],
];

const US = /\bU\.S\.(?:A\.)?|\bUnited States\b|\bUSA\b|\bUS residents\b/;

/** Jurisdiction codes named in a snippet; a bare "U.S." only counts when no state is named. */
export function jurisdictionsIn(text: string): string[] {
  const found: string[] = [];
  for (const [re, code] of PATTERNS) if (re.test(text) && !found.includes(code)) found.push(code);
  if (!found.some((c) => c.startsWith('US-')) && US.test(text)) found.unshift('US');
  return found;
}

/** Sentence first, heading as a fallback: a heading like "Notice to Nevada Residents" scopes its section. */
export function contextJurisdictions(span: { text: string; heading: string; lineLabel?: string }): string[] {
  const own = jurisdictionsIn(span.text);
  if (own.length > 0) return own;
  const label = jurisdictionsIn(span.lineLabel ?? '');
  return label.length > 0 ? label : jurisdictionsIn(span.heading);
}

export function isUsState(code: string): boolean {
  return code.startsWith('US-');
}
