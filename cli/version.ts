// The package's version, read from package.json at build time (esbuild inlines the JSON import).
import { version } from '../package.json';

export const VERSION: string = version;
