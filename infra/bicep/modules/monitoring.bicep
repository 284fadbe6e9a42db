// Log Analytics workspace and workspace-based Application Insights. Local (instrumentation key) ingestion is
// disabled: the host sends telemetry with the managed identity (APPLICATIONINSIGHTS_AUTHENTICATION_STRING),
// which needs Monitoring Metrics Publisher on the component.
import { roleAssignmentType } from 'types.bicep'

@description('Name of the Log Analytics workspace.')
param workspaceName string

@description('Name of the Application Insights component.')
param applicationInsightsName string

@description('Region of both resources.')
param location string

@description('Tags applied to both resources.')
param tags object = {}

@description('Days the workspace keeps data (30 is included in the ingestion price).')
@minValue(30)
@maxValue(730)
param retentionInDays int = 30

@description('Daily ingestion cap in GB, a guard against runaway logging; -1 means no cap.')
param dailyQuotaGb int = -1

@description('Roles to grant on the Application Insights component.')
param roleAssignments roleAssignmentType[] = []

resource workspace 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: workspaceName
  location: location
  tags: tags
  properties: {
    sku: {
      name: 'PerGB2018'
    }
    retentionInDays: retentionInDays
    workspaceCapping: {
      dailyQuotaGb: dailyQuotaGb
    }
    features: {
      enableLogAccessUsingOnlyResourcePermissions: true
    }
  }
}

resource appInsights 'Microsoft.Insights/components@2020-02-02' = {
  name: applicationInsightsName
  location: location
  tags: tags
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: workspace.id
    IngestionMode: 'LogAnalytics'
    DisableLocalAuth: true // Entra ID ingestion only
  }
}

resource appInsightsRoles 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for assignment in roleAssignments: {
    name: guid(appInsights.id, assignment.principalId, assignment.roleDefinitionId)
    scope: appInsights
    properties: {
      principalId: assignment.principalId
      principalType: assignment.principalType
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', assignment.roleDefinitionId)
    }
  }
]

@description('Resource id of the workspace: the scope of the log alerts.')
output workspaceId string = workspace.id

@description('Name of the Application Insights component.')
output applicationInsightsName string = appInsights.name

@description('Connection string: the value of APPLICATIONINSIGHTS_CONNECTION_STRING (useless without Entra ID).')
output connectionString string = appInsights.properties.ConnectionString
