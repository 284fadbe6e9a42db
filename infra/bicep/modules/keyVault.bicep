// Key Vault for the few values that cannot be replaced by the managed identity, such as the signing secret of
// completion webhooks (whose delivery is not implemented yet). RBAC authorization only: the app's identity gets
// Key Vault Secrets User and reads secrets through @Microsoft.KeyVault(...) app setting references.
import { roleAssignmentType } from 'types.bicep'

@description('Vault name: 3-24 letters, digits and hyphens, starting with a letter, globally unique.')
@minLength(3)
@maxLength(24)
param name string

@description('Region of the vault.')
param location string

@description('Tags applied to the vault.')
param tags object = {}

@description('Webhook signing secret to store as "webhook-signing-secret" (at least 16 characters, as the app requires); null stores nothing.')
@secure()
@minLength(16)
param webhookSigningSecret string?

@description('Turn on purge protection (irreversible: a deleted vault then stays reserved for the retention period).')
param enablePurgeProtection bool = false

@description('Roles to grant on the vault.')
param roleAssignments roleAssignmentType[] = []

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    tenantId: subscription().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true // roles, not access policies
    enableSoftDelete: true
    softDeleteRetentionInDays: 7
    enablePurgeProtection: enablePurgeProtection ? true : null // the API rejects false
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      defaultAction: 'Allow'
      bypass: 'AzureServices'
    }
  }
}

resource webhookSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = if (webhookSigningSecret != null) {
  parent: vault
  name: 'webhook-signing-secret'
  properties: {
    value: webhookSigningSecret
    contentType: 'text/plain'
  }
}

resource vaultRoles 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for assignment in roleAssignments: {
    name: guid(vault.id, assignment.principalId, assignment.roleDefinitionId)
    scope: vault
    properties: {
      principalId: assignment.principalId
      principalType: assignment.principalType
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', assignment.roleDefinitionId)
    }
  }
]

@description('Name of the vault, used in @Microsoft.KeyVault(VaultName=...;SecretName=...) references.')
output name string = vault.name

@description('Vault URI, e.g. https://<name>.vault.azure.net/.')
output uri string = vault.properties.vaultUri
