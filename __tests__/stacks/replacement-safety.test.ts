// create_before_destroy builds the replacement while the old resource still exists. For types whose names are unique
// (security groups per VPC, DB parameter groups and target groups per account and region), a fixed name makes that
// replacement fail with a duplicate-name error in the middle of an apply; a name prefix lets both exist.
import { configFor, synthStacks } from "../helpers";

describe.each(["staging", "production"] as const)("%s: replacements that create before they destroy", (env) => {
  type Replaced = { at: string; type: string; name?: string; namePrefix?: string };
  let replacedFirst: Replaced[];
  beforeAll(() => {
    replacedFirst = Object.entries(synthStacks(configFor(env))).flatMap(([stack, json]) =>
      Object.entries(json.resource ?? {}).flatMap(([type, byName]) =>
        Object.entries<any>(byName)
          .filter(([, r]) => r.lifecycle?.create_before_destroy)
          .map(([name, r]) => ({ at: `${stack} ${type}.${name}`, type, name: r.name, namePrefix: r.name_prefix })),
      ),
    );
  });

  test("include every security group, parameter group and target group", () => {
    const types = new Set(replacedFirst.map((r) => r.type));
    for (const type of ["aws_security_group", "aws_db_parameter_group", "aws_lb_target_group"]) expect(types).toContain(type);
  });

  test("never carry a fixed name, only a name prefix", () => {
    const named = replacedFirst.filter((r) => r.type !== "aws_acm_certificate");
    expect(named.filter((r) => r.name !== undefined || typeof r.namePrefix !== "string").map((r) => r.at)).toEqual([]);
  });
});
