/**
 * Where the process runs, read from the environment snapshot (`deps.env`): Azure ML (the
 * original's docs/original-behaviour.md §5.1 variables), Azure Functions (`FUNCTIONS_WORKER_RUNTIME`, `WEBSITE_*`), or
 * neither. Only names and ids are kept; tokens such as AZUREML_RUN_TOKEN never leave here.
 */
export const AZURE_ML_VARIABLES = [
  'AZUREML_RUN_ID',
  'AZUREML_RUN_TOKEN',
  'AZUREML_ARM_SUBSCRIPTION',
  'AZUREML_ARM_RESOURCEGROUP',
  'AZUREML_ARM_WORKSPACE_NAME',
  'AML_APP_ROOT',
] as const;
export const AZURE_FUNCTIONS_VARIABLES = ['FUNCTIONS_WORKER_RUNTIME', 'WEBSITE_SITE_NAME', 'WEBSITE_INSTANCE_ID'] as const;
export const CONNECTION_STRING_VARIABLE = 'APPLICATIONINSIGHTS_CONNECTION_STRING';

export type AzureHost = 'azure_ml' | 'azure_functions' | 'none';

export interface AzureContext {
  host: AzureHost;
  /** True when telemetry goes to Application Insights (a connection string is configured). */
  telemetryLinked: boolean;
  /** Non-secret identifiers added to every event. */
  properties: Record<string, string>;
}

type Env = Readonly<Record<string, string | undefined>>;

const present = (env: Env, name: string) => (env[name] ?? '') !== '';

export function detectAzureContext(env: Env): AzureContext {
  const host: AzureHost = AZURE_ML_VARIABLES.some((name) => present(env, name))
    ? 'azure_ml'
    : AZURE_FUNCTIONS_VARIABLES.some((name) => present(env, name))
      ? 'azure_functions'
      : 'none';
  const properties: Record<string, string> = { azure_host: host };
  const copy = (name: string, as: string) => {
    if (present(env, name)) properties[as] = env[name]!;
  };
  copy('WEBSITE_SITE_NAME', 'site_name');
  copy('WEBSITE_INSTANCE_ID', 'instance_id');
  copy('AZUREML_RUN_ID', 'azureml_run_id');
  copy('AZUREML_ARM_WORKSPACE_NAME', 'azureml_workspace');
  return { host, telemetryLinked: present(env, CONNECTION_STRING_VARIABLE), properties };
}
