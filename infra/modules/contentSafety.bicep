// Optional Azure AI Content Safety. The azure_content_safety middleware sends a key, which is
// kept in Key Vault and reaches the app as a Key Vault reference.
param name string
param location string
param tags object
param keyVaultName string

resource account 'Microsoft.CognitiveServices/accounts@2024-10-01' = {
  name: name
  location: location
  tags: tags
  kind: 'ContentSafety'
  sku: { name: 'S0' }
  properties: {
    customSubDomainName: name
    publicNetworkAccess: 'Enabled'
  }
}

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' existing = {
  name: keyVaultName
}

resource key 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: 'content-safety-key'
  properties: { value: account.listKeys().key1 }
}

output endpoint string = account.properties.endpoint
output keySecretName string = key.name
