// The user-assigned managed identity the function app runs as: the Functions host uses it for
// AzureWebJobsStorage (identity-based connection), deployment package downloads, Key Vault references and
// Application Insights ingestion; the app's own storage and Translator clients use it too.

@description('Name of the user-assigned managed identity.')
param name string

@description('Region of the identity.')
param location string

@description('Tags applied to the identity.')
param tags object = {}

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: name
  location: location
  tags: tags
}

@description('Resource id, used to attach the identity to the function app.')
output id string = identity.id

@description('Client (application) id: the value of AzureWebJobsStorage__clientId.')
output clientId string = identity.properties.clientId

@description('Object (principal) id: the subject of role assignments.')
output principalId string = identity.properties.principalId
