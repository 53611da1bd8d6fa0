// Settings per document, pulled with `workspace/configuration` (scoped to the document's URI) and
// cached until `workspace/didChangeConfiguration`. Clients without the pull model get the settings
// pushed with that notification, or the defaults.

import type { Connection } from 'vscode-languageserver/node';
import { DEFAULT_SETTINGS, SETTINGS_SECTION, normalizeSettings, type Settings } from './settings';

/** A client that does not answer a configuration request within this time gets the defaults. */
export const CONFIGURATION_TIMEOUT_MS = 5000;

export class SettingsStore {
  private readonly cache = new Map<string, Promise<Settings>>();
  private pushed: Settings = normalizeSettings(DEFAULT_SETTINGS);

  constructor(
    private readonly connection: Connection,
    private readonly canPull: boolean,
  ) {}

  get(scopeUri: string): Promise<Settings> {
    if (!this.canPull) return Promise.resolve(this.pushed);
    let p = this.cache.get(scopeUri);
    if (!p) {
      p = this.pull(scopeUri);
      this.cache.set(scopeUri, p);
    }
    return p;
  }

  /** After `didChangeConfiguration`: forget cached settings; `pushedSection` is the notification's `settings.backpropLint`, if any. */
  invalidate(pushedSettings: unknown): void {
    this.cache.clear();
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
