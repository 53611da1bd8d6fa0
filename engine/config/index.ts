// A project's configuration file (shared by the CLI and the language server).
export { DEFAULT_VERIFY_BUDGET_SECONDS } from './budget';
export { parseProjectConfig, configuredSeverity, CONFIG_FILES, type ProjectConfig, type SeverityOrOff, type ConfigFileKind } from './projectConfig';
export { findProjectConfig, relativeToConfig, type ConfigFileReader } from './findConfig';
export { globMatches, anyGlobMatches } from './glob';
