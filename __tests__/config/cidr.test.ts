import { contains, overlaps, parseCidr, type Cidr } from "../../config/cidr";

describe("CIDR parsing", () => {
  test("accepts a network-aligned CIDR", () => {
    expect(parseCidr("10.20.16.0/20")).toMatchObject({ prefix: 20 });
  });

  test.each([
    ["10.20.1.0/20", "host bits are set (did you mean 10.20.0.0/20?)"],
    ["10.300.0.0/16", "an octet is above 255"],
    ["10.0.0.0/33", "the prefix length is above 32"],
    ["10.0.0/16", "not an IPv4 CIDR"],
  ])("rejects %s: %s", (text, reason) => {
    expect(parseCidr(text)).toBe(reason);
  });

  test("containment and overlap", () => {
    const vpc = parseCidr("10.0.0.0/16") as Cidr;
    const a = parseCidr("10.0.0.0/24") as Cidr;
    const b = parseCidr("10.0.0.128/25") as Cidr;
    const outside = parseCidr("10.1.0.0/24") as Cidr;
    expect(contains(vpc, a)).toBe(true);
    expect(contains(vpc, outside)).toBe(false);
    expect(overlaps(a, b)).toBe(true);
    expect(overlaps(a, outside)).toBe(false);
  });
});
