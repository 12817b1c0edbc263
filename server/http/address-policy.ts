import { BlockList, isIP } from 'node:net';

/**
 * Which network addresses an outbound fetch may connect to. Private, loopback, link-local, unique-local, multicast,
 * unspecified and reserved ranges are refused, in every spelling (IPv4-mapped and NAT64 IPv6 forms are checked as
 * the IPv4 address they carry), unless an explicit allowance (an address or CIDR from configuration) covers them.
 */
const IPV4_RANGES: [string, number, string][] = [
  ['0.0.0.0', 8, 'an unspecified ("this network") address'],
  ['10.0.0.0', 8, 'a private address'],
  ['100.64.0.0', 10, 'a shared (carrier-grade NAT) address'],
  ['127.0.0.0', 8, 'a loopback address'],
  ['169.254.0.0', 16, 'a link-local address (cloud metadata lives here)'],
  ['172.16.0.0', 12, 'a private address'],
  ['192.0.0.0', 24, 'an IETF protocol assignment address'],
  ['192.168.0.0', 16, 'a private address'],
  ['198.18.0.0', 15, 'a benchmarking address'],
  ['224.0.0.0', 4, 'a multicast address'],
  ['240.0.0.0', 4, 'a reserved address'],
];
const IPV6_RANGES: [string, number, string][] = [
  ['::', 128, 'the unspecified address'],
  ['::1', 128, 'a loopback address'],
  ['fc00::', 7, 'a unique-local (private) address'],
  ['fe80::', 10, 'a link-local address'],
  ['fec0::', 10, 'a site-local address'],
  ['ff00::', 8, 'a multicast address'],
  ['100::', 64, 'a discard-only address'],
  ['2001:db8::', 32, 'a documentation address'],
];

const refusedV4 = IPV4_RANGES.map(([net, prefix, why]) => ({ list: subnet(net, prefix, 'ipv4'), why }));
const refusedV6 = IPV6_RANGES.map(([net, prefix, why]) => ({ list: subnet(net, prefix, 'ipv6'), why }));

function subnet(net: string, prefix: number, type: 'ipv4' | 'ipv6'): BlockList {
  const list = new BlockList();
  list.addSubnet(net, prefix, type);
  return list;
}

/** "::ffff:127.0.0.1", "::ffff:7f00:1", "64:ff9b::7f00:1", "::127.0.0.1" → "127.0.0.1"; otherwise undefined. */
export function embeddedIpv4(address: string): string | undefined {
  const groups = expandIpv6(address);
  if (!groups) return undefined;
  const head = groups.slice(0, 6);
  const mapped = head.slice(0, 5).every((g) => g === 0) && head[5] === 0xffff;
  const compatible = head.every((g) => g === 0) && (groups[6] !== 0 || (groups[7] ?? 0) > 1);
  const nat64 = groups[0] === 0x64 && groups[1] === 0xff9b && groups.slice(2, 6).every((g) => g === 0);
  if (!mapped && !compatible && !nat64) return undefined;
  const hi = groups[6] ?? 0;
  const lo = groups[7] ?? 0;
  return [hi >> 8, hi & 0xff, lo >> 8, lo & 0xff].join('.');
}

/** The eight 16-bit groups of an IPv6 address (a dotted IPv4 tail included), or undefined when it is not one. */
function expandIpv6(address: string): number[] | undefined {
  if (isIP(address) !== 6) return undefined;
  let text = address.toLowerCase().replace(/%.*$/, '');
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (v4) {
    const parts = v4[1]!.split('.').map(Number);
    text =
      text.slice(0, -v4[1]!.length) +
      `${((parts[0]! << 8) | parts[1]!).toString(16)}:${((parts[2]! << 8) | parts[3]!).toString(16)}`;
  }
  const [left, right] = text.split('::') as [string, string | undefined];
  const l = left ? left.split(':') : [];
  const r = right !== undefined && right !== '' ? right.split(':') : [];
  const fill = right !== undefined ? 8 - l.length - r.length : 0;
  return [...l, ...Array<string>(fill).fill('0'), ...r].map((g) => parseInt(g, 16));
}

export class AddressPolicy {
  private readonly allowed = new BlockList();
  private readonly any: boolean;

  /** `allow`: addresses or CIDRs ("127.0.0.1", "10.0.0.0/8", "::1") that may be reached although private. */
  constructor(allow: readonly string[] = []) {
    for (const entry of allow) {
      const [net, bits] = entry.split('/') as [string, string | undefined];
      const type = isIP(net) === 6 ? 'ipv6' : 'ipv4';
      if (isIP(net) === 0) throw new Error(`not an IP address or CIDR: ${entry}`);
      if (bits === undefined) this.allowed.addAddress(net, type);
      else this.allowed.addSubnet(net, Number(bits), type);
    }
    this.any = allow.length > 0;
  }

  /** Why this address may not be reached, or null when it may. */
  refusal(address: string): string | null {
    const family = isIP(address);
    if (family === 0) return `"${address}" is not an IP address`;
    if (this.any && this.allowed.check(address, family === 6 ? 'ipv6' : 'ipv4')) return null;
    if (family === 4) return refusedV4.find((r) => r.list.check(address, 'ipv4'))?.why ?? null;
    const inner = embeddedIpv4(address);
    if (inner !== undefined) {
      if (this.any && this.allowed.check(inner, 'ipv4')) return null;
      const why = refusedV4.find((r) => r.list.check(inner, 'ipv4'))?.why;
      return why ? `${why} (${inner}, written as IPv6)` : null;
    }
    return refusedV6.find((r) => r.list.check(address, 'ipv6'))?.why ?? null;
  }
}
