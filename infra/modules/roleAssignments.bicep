// Role assignments by role name (../roles.json holds the built-in role ids), each scoped to
// the one resource it is for.
param principalId string
@allowed(['ServicePrincipal', 'User', 'Group'])
param principalType string
param storageAccountName string
param storageRoles array
param appInsightsName string
param appInsightsRoles array
param keyVaultName string
param keyVaultRoles array
@description('Empty when no Azure OpenAI account was created.')
param openAiName string
param openAiRoles array

var roleIds = loadJsonContent('../roles.json')

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' existing = {
  name: storageAccountName
}

resource appInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: appInsightsName
}

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' existing = {
  name: keyVaultName
}

resource openAi 'Microsoft.CognitiveServices/accounts@2024-10-01' existing = if (!empty(openAiName)) {
  name: empty(openAiName) ? 'none' : openAiName
}

resource onStorage 'Microsoft.Authorization/roleAssignments@2022-04-01' = [for role in storageRoles: {
  name: guid(storage.id, principalId, roleIds[role])
  scope: storage
  properties: {
    principalId: principalId
    principalType: principalType
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleIds[role])
  }
}]

resource onAppInsights 'Microsoft.Authorization/roleAssignments@2022-04-01' = [for role in appInsightsRoles: {
  name: guid(appInsights.id, principalId, roleIds[role])
  scope: appInsights
  properties: {
    principalId: principalId
    principalType: principalType
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleIds[role])
  }
}]

resource onKeyVault 'Microsoft.Authorization/roleAssignments@2022-04-01' = [for role in keyVaultRoles: {
  name: guid(vault.id, principalId, roleIds[role])
  scope: vault
  properties: {
    principalId: principalId
    principalType: principalType
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleIds[role])
  }
}]

resource onOpenAi 'Microsoft.Authorization/roleAssignments@2022-04-01' = [for role in (empty(openAiName) ? [] : openAiRoles): {
  name: guid(openAi.id, principalId, roleIds[role])
  scope: openAi
  properties: {
    principalId: principalId
    principalType: principalType
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleIds[role])
  }
}]
