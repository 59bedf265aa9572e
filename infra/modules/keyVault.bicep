// Key Vault for the secrets that must exist (the regression webhook URL, a Content Safety key).
// RBAC authorization: access is granted by role, never by access policy.
param name string
param location string
param tags object
@secure()
param regressionWebhookUrl string

var webhookSecretName = 'regression-webhook-url'

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    tenantId: subscription().tenantId
    sku: { family: 'A', name: 'standard' }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 7
    publicNetworkAccess: 'Enabled'
  }
}

resource webhook 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = if (!empty(regressionWebhookUrl)) {
  parent: vault
  name: webhookSecretName
  properties: { value: regressionWebhookUrl }
}

output name string = vault.name
// The secret the app's ELSPETH_REGRESSION_WEBHOOK_URL setting references ('' when there is none).
output webhookSecretName string = webhookSecretName
output uri string = vault.properties.vaultUri
