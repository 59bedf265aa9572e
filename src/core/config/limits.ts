/**
 * Limits on configuration input (README "Validation and limits"). Files come from users and,
 * through the HTTP API, from deployed suites run on request: each limit keeps a hostile file
 * from exhausting a worker's memory or stack before validation can say what is wrong.
 */
export const CONFIG_LIMITS = {
  /** Settings YAML, experiment config.json and prompt files. */
  fileBytes: 1024 * 1024,
  /** Nesting of mappings and lists in any configuration file. */
  depth: 64,
  /** YAML aliases resolved per file (the `yaml` library's guard against alias bombs). */
  yamlAliases: 100,
} as const;

/** The deepest nesting of arrays and objects in a parsed value, walked without recursion. */
export function nestingDepth(value: unknown, stopAt: number = Number.POSITIVE_INFINITY): number {
  let deepest = 0;
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [current, depth] = stack.pop()!;
    if (current === null || typeof current !== 'object') continue;
    const level = depth + 1;
    if (level > deepest) deepest = level;
    if (deepest > stopAt) return deepest;
    for (const child of Object.values(current as Record<string, unknown>)) stack.push([child, level]);
  }
  return deepest;
}
