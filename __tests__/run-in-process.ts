// A job's entry function (runReport, runSynthHcl) run in the test's process, as its built file runs it, without the
// ~0.7-2 s a child process costs in node start and module load. cdktf reads its switches from the real process.env
// (jest/environment.js), so the variables are set there for the run and put back after.

/** What the job printed, split as a terminal would see it, and the exit code it returned. */
export interface InProcessRun {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

export async function runInProcess(job: () => number | Promise<number>, env: Record<string, string>): Promise<InProcessRun> {
  const names = [...Object.keys(env), "CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS"];
  const saved = names.map((name) => [name, process.env[name]] as const);
  const out: string[] = [];
  const err: string[] = [];
  const capture = (into: string[]) => (...args: unknown[]) => void into.push(`${args.join(" ")}\n`);
  const spies = [
    jest.spyOn(console, "log").mockImplementation(capture(out)),
    jest.spyOn(console, "error").mockImplementation(capture(err)),
    jest.spyOn(console, "warn").mockImplementation(capture(err)),
  ];
  Object.assign(process.env, env);
  try {
    const status = await job();
    return { status, stdout: out.join(""), stderr: err.join("") };
  } finally {
    for (const [name, value] of saved) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    for (const spy of spies) spy.mockRestore();
  }
}
