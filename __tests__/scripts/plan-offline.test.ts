// `npm run plan:offline -- --help` and a mistyped option, without terraform: the options are answered before anything
// is synthesized or planned. (The checks themselves: __tests__/scripts/terraform/real-terraform.test.ts.)
import { main, PLAN_OFFLINE_HELP, SHIPPED_CONFIGS } from "../../scripts/plan-offline";
import { runInProcess } from "../run-in-process";

describe("npm run plan:offline options", () => {
  test.each([["--help"], ["-h"], ["--plan-only", "--help"]])("%s prints the options and exits 0 (no terraform needed)", async (...argv) => {
    const result = await runInProcess(() => main(argv), { PATH: "/nonexistent" });
    expect(result).toEqual({ status: 0, stdout: `${PLAN_OFFLINE_HELP}\n`, stderr: "" });
    for (const text of ["--validate-only", "--plan-only", "-h, --help", ...SHIPPED_CONFIGS]) expect(PLAN_OFFLINE_HELP).toContain(text);
  });

  test.each([["--halp"], ["-x"], ["--validate-only", "--plan-only"]])("%s is refused with the usage and a pointer to --help (exit 2)", async (...argv) => {
    const result = await runInProcess(() => main(argv), { PATH: "/nonexistent" });
    expect(result.status).toBe(2);
    expect(result.stderr).toBe(
      `usage: npm run plan:offline -- [--validate-only | --plan-only] [environment files...] (got ${argv.join(" ")})\nRun npm run plan:offline -- --help for the options.\n`,
    );
  });
});
