// ESM entry: esbuild (both formats), webpack and Vite bundle this one.
import { check } from './check.mjs';

check(process.env.WIX_BASE_URL).then(
  (result) => console.log(JSON.stringify(result)),
  (error) => {
    console.error(error);
    process.exitCode = 1;
  },
);
