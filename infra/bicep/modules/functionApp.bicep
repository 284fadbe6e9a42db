// The Flex Consumption plan (FC1) and the Linux function app (Node.js 22). The app runs as the user-assigned
// identity: it downloads its deployment package from blob storage with it, resolves Key Vault references with
// it, and every identity-based connection in its app settings names it.

@description('Name of the function app (also its default host name).')
param name string

@description('Name of the Flex Consumption plan.')
param planName string

@description('Region of the plan and the app; it must offer Flex Consumption.')
param location string

@description('Tags applied to the plan and the app.')
param tags object = {}

@description('Service name in azure.yaml; azd finds the app to deploy to by the azd-service-name tag.')
param azdServiceName string

@description('Resource id of the user-assigned identity the app runs as.')
param identityId string

@description('Blob container URL that holds the deployment package, e.g. https://<account>.blob.core.windows.net/<container>.')
param deploymentContainerUrl string

@description('Upper bound of instances the app scales out to (Flex Consumption: 40-1000).')
@minValue(40)
@maxValue(1000)
param maximumInstanceCount int

@description('Memory of each instance in MB.')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int

@description('Always-ready instances of the "durable" trigger group (Durable Functions orchestrations and activities); 0 for none.')
@minValue(0)
@maxValue(20)
param durableAlwaysReadyInstances int = 0

@description('App settings, name to value. Replaces every setting the app had.')
param appSettings object

// Always-ready instances are per trigger group; "durable" covers the orchestration, entity and activity triggers.
var alwaysReady = durableAlwaysReadyInstances > 0 ? [{ name: 'durable', instanceCount: durableAlwaysReadyInstances }] : []

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    name: 'FC1'
    tier: 'FlexConsumption'
  }
  properties: {
    reserved: true // Linux
  }
}

resource site 'Microsoft.Web/sites@2024-04-01' = {
  name: name
  location: location
  tags: union(tags, {
    'azd-service-name': azdServiceName
  })
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    keyVaultReferenceIdentity: identityId // resolve @Microsoft.KeyVault(...) settings as the user-assigned identity
    siteConfig: {
      minTlsVersion: '1.2'
      appSettings: [
        for setting in items(appSettings): {
          name: setting.key
          value: setting.value
        }
      ]
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: deploymentContainerUrl
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identityId
          }
        }
      }
      scaleAndConcurrency: {
        maximumInstanceCount: maximumInstanceCount
        instanceMemoryMB: instanceMemoryMB
        alwaysReady: alwaysReady
      }
      runtime: {
        name: 'node'
        version: '22'
      }
    }
  }
}

// No publishing with user names and passwords: deployments (azd, Core Tools, the CLI) authenticate with Entra ID.
// Flex Consumption has no FTP endpoint, so there is no FTP policy (or siteConfig.ftpsState) to set.
resource scmBasicAuth 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-04-01' = {
  parent: site
  name: 'scm'
  properties: {
    allow: false
  }
}

@description('Name of the function app.')
output name string = site.name

@description('Default host name, e.g. <name>.azurewebsites.net.')
output defaultHostName string = site.properties.defaultHostName
