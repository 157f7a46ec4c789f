// Minimal IPv4 CIDR arithmetic for config validation (no dependency needed for four octets).

export interface Cidr {
  readonly text: string;
  readonly start: number;
  /** Inclusive last address. */
  readonly end: number;
  readonly prefix: number;
}

/** Parses `a.b.c.d/n`; returns a reason string when it is not a valid, network-aligned CIDR. */
export function parseCidr(text: string): Cidr | string {
  const match = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(text);
  if (!match) return "not an IPv4 CIDR";
  const octets = match.slice(1, 5).map(Number);
  const prefix = Number(match[5]);
  if (octets.some((o) => o > 255)) return "an octet is above 255";
  if (prefix > 32) return "the prefix length is above 32";
  const start = octets.reduce((acc, o) => acc * 256 + o, 0);
  const size = 2 ** (32 - prefix);
  if (start % size !== 0) {
    const aligned = Math.floor(start / size) * size;
    return `host bits are set (did you mean ${formatIp(aligned)}/${prefix}?)`;
  }
  return { text, start, end: start + size - 1, prefix };
}

export function formatIp(n: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(n / 2 ** shift) % 256).join(".");
}

export function contains(outer: Cidr, inner: Cidr): boolean {
  return inner.start >= outer.start && inner.end <= outer.end;
}

export function overlaps(a: Cidr, b: Cidr): boolean {
  return a.start <= b.end && b.start <= a.end;
}
