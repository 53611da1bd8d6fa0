// Settings per document, pulled with `workspace/configuration` (scoped to the document's URI) and
// cached until `workspace/didChangeConfiguration`. Clients without the pull model get the settings
// pushed with that notification, or the defaults. Over them (under the editor's own), the project's
// configuration file, found from the document's folder upwards as the CLI finds it (engine/config),
// looked up again when it may have changed (at most every PROJECT_CONFIG_TTL_MS per folder).

import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Connection } from 'vscode-languageserver/node';
import { findProjectConfig, type ProjectConfig } from '../engine/index';
import { DEFAULT_SETTINGS, SETTINGS_SECTION, normalizeSettings, withProjectConfig, type Settings } from './settings';
import { uriToPath } from './uris';

/** How long a folder's project configuration is used before the files are read again. */
export const PROJECT_CONFIG_TTL_MS = 2000;

const diskReader = {
  read(file: string): string | undefined {
    try {
      return fs.readFileSync(file, 'utf8');
    } catch {
      return undefined;
    }
  },
};

/** A client that does not answer a configuration request within this time gets the defaults. */
export const CONFIGURATION_TIMEOUT_MS = 5000;

export class SettingsStore {
  private readonly cache = new Map<string, Promise<Settings>>();
  private readonly projects = new Map<string, { at: number; config: ProjectConfig | undefined }>();
  private pushed: Settings = normalizeSettings(DEFAULT_SETTINGS);

  constructor(
    private readonly connection: Connection,
    private readonly canPull: boolean,
  ) {}

  async get(scopeUri: string): Promise<Settings> {
    const editor = await this.editorSettings(scopeUri);
    const file = uriToPath(scopeUri);
    return file === undefined ? editor : withProjectConfig(editor, this.projectConfig(path.dirname(file)), file);
  }

  private editorSettings(scopeUri: string): Promise<Settings> {
    if (!this.canPull) return Promise.resolve(this.pushed);
    let p = this.cache.get(scopeUri);
    if (!p) {
      p = this.pull(scopeUri);
      this.cache.set(scopeUri, p);
    }
    return p;
  }

  /** The project configuration for files in `dir` (read again after PROJECT_CONFIG_TTL_MS). */
  projectConfig(dir: string): ProjectConfig | undefined {
    const now = Date.now();
    const known = this.projects.get(dir);
    if (known && now - known.at < PROJECT_CONFIG_TTL_MS) return known.config;
    let config: ProjectConfig | undefined;
    try {
      config = findProjectConfig(dir, diskReader);
    } catch (e) {
      this.connection.console.log(`backprop-lint: reading the project configuration for ${dir} failed (${String(e)})`);
    }
    if (config?.problems.length && known?.config?.file !== config.file) {
      this.connection.console.log(`backprop-lint: ${config.file}: ${config.problems.join('; ')}`);
    }
    this.projects.set(dir, { at: now, config });
    return config;
  }

  /** After `didChangeConfiguration`: forget cached settings; `pushedSection` is the notification's `settings.backpropLint`, if any. */
  invalidate(pushedSettings: unknown): void {
    this.cache.clear();
    this.projects.clear();
    if (typeof pushedSettings === 'object' && pushedSettings !== null && SETTINGS_SECTION in pushedSettings) {
      this.pushed = normalizeSettings((pushedSettings as Record<string, unknown>)[SETTINGS_SECTION]);
    }
  }

  forget(scopeUri: string): void {
    this.cache.delete(scopeUri);
  }

  private async pull(scopeUri: string): Promise<Settings> {
    let timer: NodeJS.Timeout | undefined;
    try {
      const timeout = new Promise<undefined>((resolve) => {
        timer = setTimeout(() => resolve(undefined), CONFIGURATION_TIMEOUT_MS);
      });
      const raw: unknown = await Promise.race([
        this.connection.workspace.getConfiguration({ scopeUri, section: SETTINGS_SECTION }),
        timeout,
      ]);
      return normalizeSettings(raw);
    } catch (e) {
      this.connection.console.log(`backprop-lint: reading settings for ${scopeUri} failed (${String(e)}); using defaults`);
      return normalizeSettings(undefined);
    } finally {
      if (timer) clearTimeout(timer);
    }
  }
}
