/**
 * The small suite `elspeth init` writes: a settings file (mock model, so it runs with
 * nothing configured), a baseline and one variant, a 24-row dataset and prompts. It is a
 * starting point that validates and runs as written.
 */
export function initFiles(): Record<string, string> {
  return {
    'settings.yaml': SETTINGS,
    'baseline/config.json': `${JSON.stringify({ name: 'baseline', description: 'The current prompt.', temperature: 0, max_tokens: 128, enabled: true, is_baseline: true }, null, 2)}\n`,
    'concise_prompt/config.json': `${JSON.stringify({ name: 'concise_prompt', description: 'A shorter instruction.', hypothesis: 'Scores do not drop.', temperature: 0, max_tokens: 128, enabled: true }, null, 2)}\n`,
    'concise_prompt/user_prompt.md': 'Rate "{{ title }}" ({{ category }}): {{ summary }}\nAnswer with JSON {"score": <0-1>}.\n',
    'data/items.csv': dataset(),
    'README.md': README,
  };
}

const SETTINGS = `# A starter suite written by \`elspeth init\`. Run it with:
#   npx elspeth run --settings settings.yaml --suite-root .
# \`npx elspeth schema > settings.schema.json\` gives editors completion for this file.
default:
  datasource:
    plugin: local_csv
    options:
      path: data/items.csv
  llm:
    plugin: mock        # a deterministic stand-in; swap for azure_openai or http_openai
    options:
      seed: 42
  sinks:
    - plugin: csv
      options:
        path: results.csv
    - plugin: analytics_report
      options:
        base_path: reports
        formats: [json, md, html]
  prompts:
    system: |
      You review product ideas and answer with JSON {"score": <0-1>}.
    user: |
      Idea {{ id }}: "{{ title }}" ({{ category }}).
      {{ summary }}
  prompt_fields: [id, title, category, summary]
  criteria: [usefulness]
  row_plugins:
    - name: score_extractor
      options:
        threshold: 0.6
  aggregator_plugins:
    - name: score_stats
  baseline_plugins:
    - name: score_verdict
    - name: score_delta
`;

const README = `# A starter suite

- \`settings.yaml\`: the profile (dataset, model, prompts, criteria, plugins, sinks).
- \`baseline/\`, \`concise_prompt/\`: one folder per experiment (\`config.json\`, optional
  \`system_prompt.md\` / \`user_prompt.md\`). Exactly one has \`"is_baseline": true\`.
- \`data/items.csv\`: the rows.

\`npx elspeth validate --settings settings.yaml --suite-root .\` checks it;
\`npx elspeth run --settings settings.yaml --suite-root .\` runs it on the mock model and
writes the reports (\`suite/report.html\` first) to \`out/<runId>/\`.
`;

const CATEGORIES = ['tools', 'health', 'finance', 'education'];
const NOUNS = ['Planner', 'Tracker', 'Assistant', 'Dashboard', 'Journal', 'Scheduler'];

function dataset(): string {
  const lines = ['id,title,category,summary'];
  for (let index = 0; index < 24; index++) {
    const noun = NOUNS[index % NOUNS.length]!;
    const category = CATEGORIES[index % CATEGORIES.length]!;
    lines.push(`IDEA-${String(index + 1).padStart(3, '0')},Smart ${noun} ${index + 1},${category},A ${noun.toLowerCase()} that helps ${category} teams save time.`);
  }
  return `${lines.join('\n')}\n`;
}
