// The resources of one environment (resource-group scope). Names come from a token of the
// subscription, environment and region, so each environment is self-contained.
param location string
param tags object
param resourceToken string
param principalId string
param scheduledSuites string
param schedule string
param deployOpenAi bool
param deployContentSafety bool
param alertEmail string
@secure()
param regressionWebhookUrl string

@description('Days a run\'s blobs are kept (runs/<runId>/...) before the lifecycle rule deletes them.')
param runRetentionDays int = 90

@description('Largest suite elspeth submit may send, in bytes (ELSPETH_MAX_SUITE_BYTES).')
param maxSuiteBytes int = 20971520

@description('Let submitted and scheduled suites run their own JavaScript (custom_scorer) (ELSPETH_ALLOW_SUITE_CODE). Off: they are refused with HTTP 400.')
param allowSuiteCode bool = false

var taskHub = 'elspeth${resourceToken}'
var runContainer = 'elspeth'
var deploymentContainer = 'app-package-${resourceToken}'
var regressionEvent = 'suite_regression_detected'

module identity 'modules/identity.bicep' = {
  name: 'identity'
  params: { name: 'id-elspeth-${resourceToken}', location: location, tags: tags }
}

module storage 'modules/storage.bicep' = {
  name: 'storage'
  params: {
    name: 'stelspeth${resourceToken}'
    location: location
    tags: tags
    runContainer: runContainer
    deploymentContainer: deploymentContainer
    runIndexTable: 'elspethruns'
    runRetentionDays: runRetentionDays
  }
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  params: { logAnalyticsName: 'log-elspeth-${resourceToken}', appInsightsName: 'appi-elspeth-${resourceToken}', location: location, tags: tags }
}

module keyVault 'modules/keyVault.bicep' = {
  name: 'keyVault'
  params: { name: 'kv-elspeth-${resourceToken}', location: location, tags: tags, regressionWebhookUrl: regressionWebhookUrl }
}

module openAi 'modules/openAi.bicep' = if (deployOpenAi) {
  name: 'openAi'
  params: { name: 'oai-elspeth-${resourceToken}', location: location, tags: tags }
}

module contentSafety 'modules/contentSafety.bicep' = if (deployContentSafety) {
  name: 'contentSafety'
  params: { name: 'cs-elspeth-${resourceToken}', location: location, tags: tags, keyVaultName: keyVault.outputs.name }
}

// Every role the app's identity needs, by role name (roles.json maps names to ids).
module roles 'modules/roleAssignments.bicep' = {
  name: 'roles'
  params: {
    principalId: identity.outputs.principalId
    principalType: 'ServicePrincipal'
    storageAccountName: storage.outputs.name
    storageRoles: ['Storage Blob Data Owner', 'Storage Queue Data Contributor', 'Storage Table Data Contributor']
    appInsightsName: monitoring.outputs.appInsightsName
    appInsightsRoles: ['Monitoring Metrics Publisher']
    keyVaultName: keyVault.outputs.name
    keyVaultRoles: ['Key Vault Secrets User']
    openAiName: deployOpenAi ? openAi!.outputs.name : ''
    openAiRoles: ['Cognitive Services OpenAI User']
  }
}

// The deploying person or pipeline may read run data and manage secrets (optional).
module deployerRoles 'modules/roleAssignments.bicep' = if (!empty(principalId)) {
  name: 'deployerRoles'
  params: {
    principalId: principalId
    principalType: 'User'
    storageAccountName: storage.outputs.name
    storageRoles: ['Storage Blob Data Owner', 'Storage Table Data Contributor']
    appInsightsName: monitoring.outputs.appInsightsName
    appInsightsRoles: []
    keyVaultName: keyVault.outputs.name
    keyVaultRoles: ['Key Vault Secrets Officer']
    openAiName: ''
    openAiRoles: []
  }
}

var kvReference = 'VaultName=${keyVault.outputs.name}'

// Every app setting the app reads (src/functions/settingsCatalogue.ts; tests/infra holds the two together).
var baseSettings = {
  AzureWebJobsStorage__accountName: storage.outputs.name
  AzureWebJobsStorage__credential: 'managedidentity'
  AzureWebJobsStorage__clientId: identity.outputs.clientId
  AZURE_CLIENT_ID: identity.outputs.clientId
  APPLICATIONINSIGHTS_CONNECTION_STRING: monitoring.outputs.connectionString
  APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'ClientId=${identity.outputs.clientId};Authorization=AAD'
  ELSPETH_TASK_HUB: taskHub
  ELSPETH_SCHEDULE: schedule
  ELSPETH_SCHEDULED_SUITES: scheduledSuites
  ELSPETH_CONTAINER: runContainer
  ELSPETH_LOG_LEVEL: 'info'
  ELSPETH_MAX_SUITE_BYTES: string(maxSuiteBytes)
  ELSPETH_ALLOW_SUITE_CODE: allowSuiteCode ? 'true' : 'false'
}

var openAiSettings = deployOpenAi ? {
  ELSPETH_CONNECTION__DEFAULT__ENDPOINT: openAi!.outputs.endpoint
  ELSPETH_CONNECTION__DEFAULT__DEPLOYMENT: openAi!.outputs.deploymentName
  ELSPETH_CONNECTION__DEFAULT__API_VERSION: '2024-10-21'
  ELSPETH_CONNECTION__DEFAULT__AUTH: 'managed-identity'
} : {}

var contentSafetySettings = deployContentSafety ? {
  ELSPETH_CONTENT_SAFETY_ENDPOINT: contentSafety!.outputs.endpoint
  ELSPETH_CONTENT_SAFETY_KEY: '@Microsoft.KeyVault(${kvReference};SecretName=${contentSafety!.outputs.keySecretName})'
} : {}

// The optional regression webhook (docs/scheduled-regression.md): its URL stays in Key Vault.
var webhookSettings = !empty(regressionWebhookUrl) ? {
  ELSPETH_REGRESSION_WEBHOOK_URL: '@Microsoft.KeyVault(${kvReference};SecretName=${keyVault.outputs.webhookSecretName})'
} : {}

module functionApp 'modules/functionApp.bicep' = {
  name: 'functionApp'
  params: {
    name: 'func-elspeth-${resourceToken}'
    planName: 'plan-elspeth-${resourceToken}'
    location: location
    tags: union(tags, { 'azd-service-name': 'api' })
    identityId: identity.outputs.id
    identityClientId: identity.outputs.clientId
    deploymentContainerUrl: '${storage.outputs.blobEndpoint}${deploymentContainer}'
    appSettings: union(baseSettings, openAiSettings, contentSafetySettings, webhookSettings)
  }
  // Roles first: the host reaches storage with the identity as soon as it starts.
  dependsOn: [roles]
}

module alert 'modules/regressionAlert.bicep' = {
  name: 'regressionAlert'
  params: {
    name: 'alert-elspeth-regression-${resourceToken}'
    location: location
    tags: tags
    appInsightsId: monitoring.outputs.appInsightsId
    eventName: regressionEvent
    alertEmail: alertEmail
  }
}

output functionAppName string = functionApp.outputs.name
output functionAppUrl string = functionApp.outputs.url
output storageAccountName string = storage.outputs.name
output keyVaultName string = keyVault.outputs.name
