// scripts/build.mjs on a miniature project (its own main.ts, one module, the real loader and build script): what is
// rebuilt, what is left alone, and what a broken source looks like. Stale output would make synth run old code.
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { REPO_ROOT } from "../../config/load";

describe("scripts/build.mjs", () => {
  let root: string;
  const build = () => spawnSync(process.execPath, [join(root, "scripts/build.mjs")], { cwd: root, encoding: "utf8" });
  const mtimeOf = (path: string) => statSync(join(root, path)).mtimeMs;
  const write = (path: string, text: string) => {
    mkdirSync(join(root, path, ".."), { recursive: true });
    writeFileSync(join(root, path), text);
  };
  const inTheFuture = (path: string) => utimesSync(join(root, path), Date.now() / 1000 + 60, Date.now() / 1000 + 60);

  beforeAll(() => {
    // GIVEN a miniature project built once
    root = mkdtempSync(join(tmpdir(), "braveheart-build-"));
    for (const file of ["scripts/build.mjs", "scripts/start/code-cache.ts", "package.json", "tsconfig.json"]) {
      mkdirSync(join(root, file, ".."), { recursive: true });
      copyFileSync(join(REPO_ROOT, file), join(root, file));
    }
    symlinkSync(join(REPO_ROOT, "node_modules"), join(root, "node_modules"));
    write("lib/greeting.ts", 'export const greeting = "hello";\n');
    write("lib/old.ts", "export const old = 1;\n"); // deleted by a test below
    write("main.ts", 'import { greeting } from "./lib/greeting";\nconsole.log(greeting);\n');
    expect(build().status).toBe(0);
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  test("makes the bundle, its code-cache loader and every module one to one", () => {
    expect(spawnSync(process.execPath, [join(root, "dist/main.js")], { encoding: "utf8" }).stdout).toBe("hello\n");
    expect(existsSync(join(root, "dist/lib/greeting.js"))).toBe(true);
    expect(existsSync(join(root, "dist/main.unbundled.js"))).toBe(true);
  });

  test("leaves everything alone when nothing changed", () => {
    const before = ["dist/main.bundle.js", "dist/main.js", "dist/lib/greeting.js"].map(mtimeOf);
    expect(build().status).toBe(0);
    expect(["dist/main.bundle.js", "dist/main.js", "dist/lib/greeting.js"].map(mtimeOf)).toEqual(before);
  });

  test("rebuilds the bundle when a module it uses changes, and keeps text beyond ASCII intact", () => {
    write("lib/greeting.ts", 'export const greeting = "hello again, naïve → ✓";\n');
    inTheFuture("lib/greeting.ts"); // saved after the last build, as far as mtimes go
    expect(build().status).toBe(0);
    expect(spawnSync(process.execPath, [join(root, "dist/main.js")], { encoding: "utf8" }).stdout).toBe("hello again, naïve → ✓\n");
  });

  test("removes the output of a deleted source, which would otherwise keep working here and nowhere else", () => {
    expect(existsSync(join(root, "dist/lib/old.js"))).toBe(true);
    rmSync(join(root, "lib/old.ts"));
    expect(build().status).toBe(0);
    expect(existsSync(join(root, "dist/lib/old.js"))).toBe(false);
  });

  test("the bundle keeps zod's English messages only, and stands in for archiver with an explanation", () => {
    write("lib/greeting.ts", [
      'import { z } from "zod";',
      'const { error } = z.object({ port: z.number() }).safeParse({ port: "80" });',
      'export const greeting = `${Object.keys(z.locales)}: ${error?.issues[0].message}`;',
      "",
    ].join("\n"));
    write("main.ts", 'import { greeting } from "./lib/greeting";\nconsole.log(greeting);\ntry { require("archiver")(); } catch (e) { console.log((e as Error).message); }\n');
    inTheFuture("lib/greeting.ts");
    inTheFuture("main.ts");
    expect(build().status).toBe(0);
    expect(spawnSync(process.execPath, [join(root, "dist/main.js")], { encoding: "utf8" }).stdout.split("\n")).toEqual([
      "en: Invalid input: expected number, received string",
      expect.stringMatching(/^archiver is left out of dist\/main.bundle.js \(scripts\/build.mjs\)/),
      "",
    ]);
  });

  test("a script entry gets its own bundle and loader, runs as the main module, and can import() an external package", () => {
    // GIVEN one of the scripts users run (SCRIPT_ENTRIES), added to the project
    write("scripts/report.ts", [
      'import { basename } from "node:path";',
      "if (require.main === module) {",
      '  import("@cdktf/hcl2json").then((hcl) => console.log(basename(__filename), typeof hcl.parse));',
      "}",
      "",
    ].join("\n"));
    inTheFuture("scripts/report.ts");
    // WHEN the project is built and the script run as users run it
    expect(build().status).toBe(0);
    const run = spawnSync(process.execPath, [join(root, "dist/scripts/report.js")], { encoding: "utf8" });
    // THEN the loader ran the script's bundle, which found itself main and loaded the package from node_modules
    expect({ status: run.status, stdout: run.stdout, stderr: run.stderr }).toEqual({ status: 0, stdout: "report.bundle.js function\n", stderr: "" });
    expect(existsSync(join(root, "dist/scripts/report.unbundled.js"))).toBe(true);
  });

  test("a source that does not compile fails the build with esbuild's message and no stack trace", () => {
    write("lib/greeting.ts", "export const greeting = ;\n");
    inTheFuture("lib/greeting.ts");
    const result = build();
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("lib/greeting.ts:1:");
    expect(result.stderr).not.toMatch(/^\s+at /m);
  });
});
