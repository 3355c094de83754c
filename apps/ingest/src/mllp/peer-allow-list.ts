/**
 * MLLP peers allowed to send: `*` (anyone), IP addresses, or sending application / facility names
 * (MSH-3 / MSH-4) prefixed with `app:`. Addresses are compared without the IPv4-mapped `::ffff:` prefix.
 */
export class PeerAllowList {
  private readonly any: boolean;
  private readonly addresses = new Set<string>();
  private readonly apps = new Set<string>();

  constructor(spec: string) {
    const entries = spec.split(',').map((s) => s.trim()).filter(Boolean);
    this.any = entries.includes('*');
    for (const e of entries) {
      if (e.startsWith('app:')) this.apps.add(e.slice(4));
      else if (e !== '*') this.addresses.add(normalise(e));
    }
  }

  allowsAddress(address: string | undefined): boolean {
    return this.any || (address !== undefined && this.addresses.has(normalise(address)));
  }

  /** An address that is not listed may still send when its MSH-3 or MSH-4 names a listed application. */
  allowsMessage(address: string | undefined, sendingApplication: string, sendingFacility: string): boolean {
    return this.allowsAddress(address) || this.apps.has(sendingApplication) || this.apps.has(sendingFacility);
  }
}

function normalise(address: string): string {
  return address.replace(/^::ffff:/, '');
}
