// Elspeth for Azure: everything `azd up` provisions (docs/deploy.md). Subscription scope:
// one resource group per azd environment, named from the environment.
targetScope = 'subscription'

@minLength(1)
@maxLength(64)
@description('azd environment name; resource names derive from it.')
param environmentName string

@minLength(1)
@description('Region of every resource (one that offers Flex Consumption).')
param location string

@description('Object id of the deploying user or pipeline principal: it may read run data and manage secrets. Empty for none.')
param principalId string = ''

@description('Suites the timer runs: comma-separated <name>[:<sha256>][@<profile>] (docs/scheduled-regression.md). Empty: the timer does nothing.')
param scheduledSuites string = ''

@description('NCRONTAB schedule of the regression timer (UTC).')
param schedule string = '0 0 2 * * *'

@description('Also create an Azure OpenAI account and a model deployment, exposed as the model connection "default".')
param deployOpenAi bool = false

@description('Also create an Azure AI Content Safety account.')
param deployContentSafety bool = false

@description('Where the regression alert emails go. Empty: the alert rule fires without notifying anyone.')
param alertEmail string = ''

@secure()
@description('Teams or Slack incoming-webhook URL for regression alerts; stored in Key Vault. Empty: no webhook.')
param regressionWebhookUrl string = ''

var resourceToken = toLower(uniqueString(subscription().id, environmentName, location))
var tags = { 'azd-env-name': environmentName, application: 'elspeth' }

resource rg 'Microsoft.Resources/resourceGroups@2024-03-01' = {
  name: 'rg-elspeth-${environmentName}'
  location: location
  tags: tags
}

module resources 'resources.bicep' = {
  name: 'elspeth-resources'
  scope: rg
  params: {
    location: location
    tags: tags
    resourceToken: resourceToken
    principalId: principalId
    scheduledSuites: scheduledSuites
    schedule: schedule
    deployOpenAi: deployOpenAi
    deployContentSafety: deployContentSafety
    alertEmail: alertEmail
    regressionWebhookUrl: regressionWebhookUrl
  }
}

output AZURE_LOCATION string = location
output AZURE_TENANT_ID string = tenant().tenantId
output AZURE_RESOURCE_GROUP string = rg.name
output AZURE_FUNCTION_APP_NAME string = resources.outputs.functionAppName
output ELSPETH_URL string = resources.outputs.functionAppUrl
output ELSPETH_STORAGE_ACCOUNT string = resources.outputs.storageAccountName
output ELSPETH_KEY_VAULT string = resources.outputs.keyVaultName
