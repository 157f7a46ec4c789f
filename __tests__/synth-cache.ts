/** Environment variable naming the directory where one jest run shares synthesized JSON between test files. */
export const SYNTH_CACHE_ENV_VAR = "BRAVEHEART_SYNTH_CACHE";
