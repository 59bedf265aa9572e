import type { Env } from '../core/config/envNames';
import { keyPath, type ProblemCollector } from '../core/config/problems';
import type { ResolvedRun } from '../core/config/resolved';
import { errorMessage } from '../core/errors';
import type { PluginKind } from '../core/plugins/kinds';
import type { PluginDef } from '../core/plugins/pluginDef';
import type { Registry } from '../core/plugins/registry';
import type { RunRequest } from './runRequest';
import { PLUGIN_LISTS } from '../core/config/pluginLists';

/** The app setting that lets suites started over HTTP, by `elspeth submit` or by the timer run their own code. */
export const ALLOW_SUITE_CODE_SETTING = 'ELSPETH_ALLOW_SUITE_CODE';

/** True where a suite may run its own JavaScript: the local CLI, or an app that says so explicitly. */
export function suiteCodeAllowed(trigger: RunRequest['trigger'], env: Env): boolean {
  return trigger === 'cli' || env[ALLOW_SUITE_CODE_SETTING] === 'true';
}

/**
 * Plugins that load code from the suite folder (`runsSuiteCode`, e.g. custom_scorer):
 * refused, naming the key path, where suite code is not allowed (DESIGN: submitted suites
 * never run code unless the app allows it); where it is, loaded once now, so a module that
 * is missing, outside the suite folder, broken or exports no function fails validation
 * instead of the first row. Each definition is checked once, however many experiments share it.
 */
export function checkSuiteCode(run: ResolvedRun, registry: Registry, allowed: boolean, load: (kind: PluginKind, def: PluginDef) => void, problems: ProblemCollector): void {
  const seen = new Set<string>();
  for (const experiment of run.experiments) {
    for (const [key, kind] of PLUGIN_LISTS) {
      for (const def of experiment[key]) {
        const option = registry.has(kind, def.name) ? registry.get(kind, def.name).runsSuiteCode?.option : undefined;
        if (option === undefined) continue;
        const file = def.origin?.file ?? experiment.configFile;
        const at = keyPath(def.origin?.path ?? '', 'options', option);
        if (seen.has(`${file}\0${at}`)) continue;
        seen.add(`${file}\0${at}`);
        if (!allowed) {
          problems.error(file, at, `${def.name} runs JavaScript from the suite folder; a suite started over HTTP, by elspeth submit or by the timer may run code only when the app setting ${ALLOW_SUITE_CODE_SETTING} is 'true' (docs/scoring.md#custom-scorers)`);
          continue;
        }
        try {
          load(kind, def);
        } catch (error) {
          problems.error(file, at, errorMessage(error));
        }
      }
    }
  }
}
