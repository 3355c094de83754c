import { BlockList, isIP } from 'node:net';

/**
 * MLLP peers by network address: a comma-separated list of CIDR blocks or single addresses
 * (`10.1.2.0/24, 127.0.0.1, ::1`), or `*` for anyone (refused at start outside demo mode). Only the
 * TCP peer address counts: MSH-3/MSH-4 are written by the sender and prove nothing.
 */
export class PeerAllowList {
  readonly any: boolean;
  private readonly blocks = new BlockList();
  readonly empty: boolean;

  /** `what` names the list in errors (the MLLP peers, the trusted proxies). */
  constructor(spec: string, what = 'MLLP peer list') {
    const entries = spec.split(',').map((s) => s.trim()).filter(Boolean);
    this.any = entries.includes('*');
    this.empty = entries.length === 0;
    for (const e of entries) {
      if (e === '*') continue;
      const [address, bits] = e.split('/');
      const family = isIP(address);
      if (family === 0) throw new Error(`${what}: "${e}" is not an IP address or CIDR block (e.g. 10.1.2.0/24)`);
      const type = family === 4 ? 'ipv4' : 'ipv6';
      const prefix = bits === undefined ? (family === 4 ? 32 : 128) : Number(bits);
      if (!Number.isInteger(prefix) || prefix < 0 || prefix > (family === 4 ? 32 : 128)) throw new Error(`${what}: "${e}" has a bad prefix length`);
      this.blocks.addSubnet(address, prefix, type);
    }
  }

  allows(address: string | undefined): boolean {
    if (this.any) return true;
    if (!address) return false;
    const plain = address.replace(/^::ffff:/, '');
    const family = isIP(plain);
    return family !== 0 && this.blocks.check(plain, family === 4 ? 'ipv4' : 'ipv6');
  }
}

/** Throws with the variable's name when a peer list does not parse (called at start). */
export function checkPeerList(name: string, spec: string) {
  try {
    new PeerAllowList(spec);
  } catch (e) {
    throw new Error(`${name}: ${(e as Error).message}`, { cause: e });
  }
}
