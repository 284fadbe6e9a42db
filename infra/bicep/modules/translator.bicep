// Azure AI Translator (Text Translation). Key authentication is disabled; callers use Microsoft Entra ID, which
// requires the custom subdomain endpoint (https://<subdomain>.cognitiveservices.azure.com/) and the Cognitive
// Services User role.
import { roleAssignmentType } from 'types.bicep'

@description('Name of the Translator resource.')
param name string

@description('Region of the resource.')
param location string

@description('Tags applied to the resource.')
param tags object = {}

@description('Globally unique custom subdomain; Entra ID authentication only works on it.')
param customSubDomainName string

@description('Pricing tier: S1 is pay-as-you-go per character with no fixed fee; F0 is free (one per subscription).')
@allowed([
  'F0'
  'S1'
])
param skuName string = 'S1'

@description('Roles to grant on the resource.')
param roleAssignments roleAssignmentType[] = []

resource translator 'Microsoft.CognitiveServices/accounts@2024-10-01' = {
  name: name
  location: location
  tags: tags
  kind: 'TextTranslation'
  sku: {
    name: skuName
  }
  properties: {
    customSubDomainName: customSubDomainName
    disableLocalAuth: true // no keys: Entra ID only
    publicNetworkAccess: 'Enabled'
  }
}

resource translatorRoles 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for assignment in roleAssignments: {
    name: guid(translator.id, assignment.principalId, assignment.roleDefinitionId)
    scope: translator
    properties: {
      principalId: assignment.principalId
      principalType: assignment.principalType
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', assignment.roleDefinitionId)
    }
  }
]

@description('Name of the resource.')
output name string = translator.name

@description('Custom subdomain endpoint, e.g. https://<subdomain>.cognitiveservices.azure.com/.')
output endpoint string = translator.properties.endpoint
