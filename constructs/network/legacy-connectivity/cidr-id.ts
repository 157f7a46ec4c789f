/** A construct id from a CIDR (`172.16.0.0/16` -> `172-16-0-0-16`): keyed by range, so reordering never renames. */
export function cidrConstructId(cidr: string): string {
  return cidr.replace(/[./]/g, "-");
}
