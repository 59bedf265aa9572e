// Alert rule: any regression event (a degraded verdict in a scheduled run) in Application
// Insights raises an alert; an action group emails it when an address is given.
param name string
param location string
param tags object
param appInsightsId string
param eventName string
param alertEmail string

resource actionGroup 'Microsoft.Insights/actionGroups@2023-01-01' = if (!empty(alertEmail)) {
  name: 'ag-${name}'
  location: 'global'
  tags: tags
  properties: {
    groupShortName: 'elspeth'
    enabled: true
    emailReceivers: [{ name: 'regression', emailAddress: alertEmail, useCommonAlertSchema: true }]
  }
}

resource rule 'Microsoft.Insights/scheduledQueryRules@2023-03-15-preview' = {
  name: name
  location: location
  tags: tags
  properties: {
    displayName: 'Elspeth: scheduled suite regressed'
    description: 'A scheduled suite run had a degraded verdict against its baseline (event ${eventName}).'
    severity: 2
    enabled: true
    scopes: [appInsightsId]
    evaluationFrequency: 'PT15M'
    windowSize: 'PT15M'
    criteria: {
      allOf: [
        {
          query: 'customEvents | where name == "${eventName}" | extend suite = tostring(customDimensions.suite), runId = tostring(customDimensions.runId)'
          timeAggregation: 'Count'
          dimensions: [{ name: 'suite', operator: 'Include', values: ['*'] }]
          operator: 'GreaterThan'
          threshold: 0
          failingPeriods: { numberOfEvaluationPeriods: 1, minFailingPeriodsToAlert: 1 }
        }
      ]
    }
    autoMitigate: false
    actions: { actionGroups: empty(alertEmail) ? [] : [actionGroup.id] }
  }
}

output id string = rule.id
