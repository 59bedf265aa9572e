import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import YAML from 'yaml';
import { APP_SETTINGS, TELEMETRY_EVENTS } from '../../src/functions/settingsCatalogue';
import { CONNECTION_SETTING } from '../../src/plugins/llm/connections';
import { bicepFiles, declarations, objectKeys, parseBicep, propertyStrings, syntaxErrors, type BicepFile } from './bicep';

/**
 * infra/ held against the code (issue 8 docs/original-behaviour.md §2): every .bicep file parses with the Bicep
 * grammar; every app setting the app reads is set by infra and every setting infra sets is
 * read; the roles cover what the app calls; the pieces azd and the host rely on have the
 * shape they need. What the grammar cannot check (resource types, API versions, property
 * names against Azure's schemas) needs `az bicep build`, which cannot run here.
 */
const ROOT = path.resolve(__dirname, '../..');
const INFRA = path.join(ROOT, 'infra');

let files: Map<string, BicepFile>;
const file = (relative: string) => files.get(relative) ?? failWith(`infra/${relative} is missing`);
function failWith(message: string): never {
  throw new Error(message);
}

beforeAll(async () => {
  files = new Map();
  for (const absolute of bicepFiles(INFRA)) files.set(path.relative(INFRA, absolute).split(path.sep).join('/'), await parseBicep(absolute));
});

describe('Bicep syntax', () => {
  it('finds the templates', () => {
    expect([...files.keys()]).toEqual(
      expect.arrayContaining(['main.bicep', 'resources.bicep', 'modules/functionApp.bicep', 'modules/storage.bicep', 'modules/monitoring.bicep', 'modules/roleAssignments.bicep', 'modules/regressionAlert.bicep']),
    );
  });

  it('every .bicep file parses without a syntax error', () => {
    expect(Object.fromEntries([...files].map(([name, parsed]) => [name, syntaxErrors(parsed.root)]))).toEqual(Object.fromEntries([...files.keys()].map((name) => [name, []])));
  });

  it('the grammar does report broken Bicep (so a clean parse means something)', async () => {
    const broken = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'bicep-')), 'broken.bicep');
    fs.writeFileSync(broken, "resource sa 'Microsoft.Storage/storageAccounts@2023-05-01' = {\n  name: \n}}\n");
    expect(syntaxErrors((await parseBicep(broken)).root)).not.toEqual([]);
  });

  it('every module path a template names exists', () => {
    for (const [name, parsed] of files) {
      for (const module of declarations(parsed, 'module_declaration').values()) {
        const target = module.children.find((c) => c?.type === 'string')!.text.replace(/'/g, '');
        expect(fs.existsSync(path.join(INFRA, path.dirname(name), target))).toBe(true);
      }
    }
  });
});

describe('app settings: infra and code agree', () => {
  const infraSettings = () => {
    const variables = declarations(file('resources.bicep'), 'variable_declaration');
    return ['baseSettings', 'openAiSettings', 'contentSafetySettings', 'webhookSettings'].flatMap((name) => objectKeys(variables.get(name) ?? failWith(`resources.bicep has no ${name}`)));
  };
  const isConnectionSetting = (name: string) => CONNECTION_SETTING.test(name);

  it('infra sets every setting the app needs on Azure (required or not)', () => {
    const set = new Set(infraSettings());
    const needed = APP_SETTINGS.filter((spec) => !spec.localOnly).map((spec) => spec.name);
    expect(needed.filter((name) => !set.has(name))).toEqual([]);
  });

  it('every setting infra sets is one the app or its suites read', () => {
    const known = new Set(APP_SETTINGS.map((spec) => spec.name));
    expect(infraSettings().filter((name) => !known.has(name) && !isConnectionSetting(name))).toEqual([]);
    expect(infraSettings().filter((name) => APP_SETTINGS.find((spec) => spec.name === name)?.localOnly)).toEqual([]);
  });

  it('the model connection infra defines has every part the app reads', () => {
    const connection = infraSettings().filter(isConnectionSetting);
    expect(connection.sort()).toEqual(['ELSPETH_CONNECTION__DEFAULT__API_VERSION', 'ELSPETH_CONNECTION__DEFAULT__AUTH', 'ELSPETH_CONNECTION__DEFAULT__DEPLOYMENT', 'ELSPETH_CONNECTION__DEFAULT__ENDPOINT']);
  });

  it('the settings the host itself reads match host.json and the timer binding', () => {
    const host = fs.readFileSync(path.join(ROOT, 'host.json'), 'utf8');
    const app = fs.readFileSync(path.join(ROOT, 'src/functions/app.ts'), 'utf8');
    const hostRead = [...host.matchAll(/%([A-Za-z0-9_]+)%/g), ...app.matchAll(/'%([A-Za-z0-9_]+)%'/g)].map((m) => m[1]);
    expect(hostRead.sort()).toEqual(['ELSPETH_SCHEDULE', 'ELSPETH_TASK_HUB']);
    for (const name of hostRead) expect(APP_SETTINGS.find((spec) => spec.name === name)).toMatchObject({ required: true });
  });

  /** Setting-like names in the code that are not app settings someone must set, and why. */
  const NOT_SETTINGS: Record<string, string> = {
    WEBSITE_SITE_NAME: 'set by the platform',
    WEBSITE_INSTANCE_ID: 'set by the platform',
    WEBSITE_HOSTNAME: 'set by the platform (the regression alert links the run with it)',
    FUNCTIONS_WORKER_RUNTIME: 'set by the platform (Flex: functionAppConfig.runtime)',
    ELSPETH_STORAGE_CONNECTION_STRING: 'the CLI',
    ELSPETH_MOCK_LLM_URL: 'the local mock model',
    ELSPETH_AZURE_OPENAI_DEPLOYMENT: "the original system's fallback, read only when a suite's azure_openai asks",
    DMP_AZURE_OPENAI_DEPLOYMENT: "the original system's fallback, read only when a suite's azure_openai asks",
    AZURE_OPENAI_ENDPOINT: "the original system's variable, read only when a suite names it",
    AZURE_OPENAI_API_KEY: "the original system's variable, read only when a suite names it",
    AZURE_ML_VARIABLES: 'a constant, not a setting',
    AZURE_FUNCTIONS_VARIABLES: 'a constant, not a setting',
    AZURE_CHAT_PATH: 'a constant, not a setting',
    ELSPETH_STORAGE__: 'the prefix of ELSPETH_STORAGE__* (local)',
    ELSPETH_CONNECTION__: 'the prefix of connection settings',
    ELSPETH_CONNECTIONS_FILE: 'the local connections file (CLI)',
    ELSPETH_FUNCTION_KEY: "elspeth submit's function key (the caller's environment)",
    ELSPETH_TOKEN: "elspeth submit's Entra token (the caller's environment)",
    AZURE_DEVOPS_PAT: "the azure_devops_repo sink's default token_env, read only when a suite uses that sink",
    ELSPETH_SIGNING_KEY: "the signed_artifact sink's default key_env, read only when a suite uses that sink",
    AzureWebJobsStorage__blobServiceUri: 'an alternative to __accountName the app accepts; infra uses __accountName',
  };

  it('every setting-like name in src/ is catalogued or known not to be an app setting', () => {
    const names = new Set<string>();
    for (const entry of fs.readdirSync(path.join(ROOT, 'src'), { recursive: true, withFileTypes: true })) {
      if (!entry.isFile() || !entry.name.endsWith('.ts')) continue;
      const text = fs.readFileSync(path.join(entry.parentPath, entry.name), 'utf8');
      for (const match of text.matchAll(/\b(ELSPETH_[A-Z0-9_]+|APPLICATIONINSIGHTS_[A-Z_]+|AzureWebJobsStorage[A-Za-z_]*|AZURE_[A-Z_]+|DMP_[A-Z_]+|WEBSITE_[A-Z_]+|FUNCTIONS_[A-Z_]+)\b/g)) names.add(match[1]!);
    }
    const catalogued = new Set(APP_SETTINGS.map((spec) => spec.name));
    expect([...names].filter((name) => !catalogued.has(name) && !(name in NOT_SETTINGS)).sort()).toEqual([]);
  });
});

describe('roles cover what the app calls', () => {
  const roleIds = JSON.parse(fs.readFileSync(path.join(INFRA, 'roles.json'), 'utf8')) as Record<string, string>;
  const appRoles = () => {
    const module = declarations(file('resources.bicep'), 'module_declaration').get('roles') ?? failWith('resources.bicep has no roles module');
    const params = module.descendantsOfType('object_property').find((p) => p?.child(0)?.text === 'params')!.descendantsOfType('object')[0]!;
    const read = (key: string) => propertyStrings(params, key) ?? [];
    return { storage: read('storageRoles'), appInsights: read('appInsightsRoles'), keyVault: read('keyVaultRoles'), openAi: read('openAiRoles') };
  };

  it('every role named in the templates is in roles.json with a role-definition GUID', () => {
    const named = [...files.values()].flatMap((parsed) => [...parsed.text.matchAll(/\b\w+Roles: \[([^\]]*)\]/g)].flatMap((m) => [...m[1]!.matchAll(/'([^']+)'/g)].map((n) => n[1]!)));
    expect(named.filter((name) => !(name in roleIds))).toEqual([]);
    for (const id of Object.values(roleIds)) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  });

  it.each([
    ['storage', 'Storage Blob Data Owner', 'run data, submitted suites, the Durable task hub and the deployment package (blobs)'],
    ['storage', 'Storage Queue Data Contributor', 'the Durable Functions work-item and control queues'],
    ['storage', 'Storage Table Data Contributor', 'the run index table and the Durable history/instance tables'],
    ['appInsights', 'Monitoring Metrics Publisher', 'telemetry sent with an Entra token (DisableLocalAuth)'],
    ['keyVault', 'Key Vault Secrets User', 'Key Vault references in app settings'],
    ['openAi', 'Cognitive Services OpenAI User', "model calls through the 'default' connection with the managed identity"],
  ])('on %s: %s, for %s', (scope, role) => {
    expect(appRoles()[scope as keyof ReturnType<typeof appRoles>]).toContain(role);
  });

  it('telemetry is authenticated with the identity whose roles these are', () => {
    expect(file('resources.bicep').text).toContain("APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'ClientId=${identity.outputs.clientId};Authorization=AAD'");
    expect(file('modules/monitoring.bicep').text).toMatch(/DisableLocalAuth: true/);
  });
});

describe('resource shapes the app depends on', () => {
  it('Flex Consumption on Node 22 with the user-assigned identity, pulling its package with that identity', () => {
    const app = file('modules/functionApp.bicep').text;
    expect(app).toMatch(/sku: \{ name: 'FC1', tier: 'FlexConsumption' \}/);
    expect(app).toMatch(/runtime: \{ name: 'node', version: '22' \}/);
    expect(app).toMatch(/type: 'UserAssigned'/);
    expect(app).toMatch(/authentication: \{ type: 'UserAssignedIdentity', userAssignedIdentityResourceId: identityId \}/);
    expect(app).toMatch(/keyVaultReferenceIdentity: identityId/);
  });

  it('storage has shared keys off, the run container, the run-index table and lifecycle rules for run data', () => {
    const storage = file('modules/storage.bicep').text;
    expect(storage).toMatch(/allowSharedKeyAccess: false/);
    expect(storage).toMatch(/allowBlobPublicAccess: false/);
    expect(storage).toMatch(/prefixMatch: \['\$\{runContainer\}\/runs\/'\]/);
    const resources = file('resources.bicep').text;
    expect(resources).toMatch(/runContainer: runContainer/);
    expect(resources).toMatch(/var runContainer = 'elspeth'/);
    expect(resources).toMatch(/runIndexTable: 'elspethruns'/);
    expect(resources).toMatch(/AzureWebJobsStorage__credential: 'managedidentity'/);
  });

  it('the alert rule watches the very event the app emits on a regression', () => {
    expect(file('resources.bicep').text).toContain(`var regressionEvent = '${TELEMETRY_EVENTS.regression}'`);
    expect(file('modules/regressionAlert.bicep').text).toContain('customEvents | where name == "${eventName}"');
  });

  it('the parameters file names every parameter of main.bicep that has no default', () => {
    const main = file('main.bicep').text;
    const parameters = JSON.parse(fs.readFileSync(path.join(INFRA, 'main.parameters.json'), 'utf8')) as { parameters: Record<string, unknown> };
    const withoutDefault = [...main.matchAll(/^param (\w+) \w+$/gm)].map((m) => m[1]!);
    expect(withoutDefault.filter((name) => !(name in parameters.parameters))).toEqual([]);
    const declared = new Set([...main.matchAll(/^param (\w+) /gm)].map((m) => m[1]!));
    expect(Object.keys(parameters.parameters).filter((name) => !declared.has(name))).toEqual([]);
  });
});

describe('azure.yaml', () => {
  const config = YAML.parse(fs.readFileSync(path.join(ROOT, 'azure.yaml'), 'utf8')) as {
    infra: { provider: string; path: string; module: string };
    services: Record<string, { project: string; language: string; host: string; dist: string; remoteBuild: boolean; hooks: { prepackage: { run: string } } }>;
  };

  it('provisions infra/main.bicep and deploys the package npm run package builds, as the api function service', () => {
    expect(config.infra).toEqual({ provider: 'bicep', path: 'infra', module: 'main' });
    expect(config.services.api).toMatchObject({ project: '.', language: 'js', host: 'function', remoteBuild: false, dist: 'artifacts/app' });
    expect(config.services.api!.hooks.prepackage.run).toBe('npm run package');
    expect(file('modules/functionApp.bicep').text.length).toBeGreaterThan(0);
    expect(file('resources.bicep').text).toContain("tags: union(tags, { 'azd-service-name': 'api' })");
  });
});
