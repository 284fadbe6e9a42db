// batch-translator on Azure Functions Flex Consumption: one resource group with the function app, its storage,
// a user-assigned identity with the roles it needs, Azure AI Translator, Key Vault, Log Analytics, Application
// Insights and alert rules. Deploy with `azd up`, or see docs/deploy.md for `az deployment sub create`.
//
// Every setting the app reads comes from `appSettings` below; test/infra/drift.test.ts compares it with
// src/lib/config.ts (SETTING_NAMES) and local.settings.json.example, and the queue and table names with the
// names the code uses. Keep `appSettings`, `queueNames` and `tableNames` as plain literals the test can read.
targetScope = 'subscription'

// ---------------------------------------------------------------------------------------------------------
// Parameters (azd fills the ones without defaults from main.parameters.json)
// ---------------------------------------------------------------------------------------------------------

@description('Name of the azd environment; names the resource group and seeds the unique resource names.')
@minLength(1)
@maxLength(64)
param environmentName string

// The regions that offer Flex Consumption (`az functionapp list-flexconsumption-locations`, and Microsoft's Flex
// Consumption azd templates). A region outside this list fails here, before anything is created, instead of
// half-way through the deployment. Add a region when Microsoft adds it.
@description('Region of every resource; it must offer Flex Consumption.')
@allowed([
  'australiaeast'
  'australiasoutheast'
  'brazilsouth'
  'canadacentral'
  'centralindia'
  'centralus'
  'eastasia'
  'eastus'
  'eastus2'
  'francecentral'
  'germanywestcentral'
  'italynorth'
  'japaneast'
  'koreacentral'
  'northcentralus'
  'northeurope'
  'norwayeast'
  'southafricanorth'
  'southcentralus'
  'southeastasia'
  'southindia'
  'spaincentral'
  'swedencentral'
  'uaenorth'
  'uksouth'
  'ukwest'
  'westcentralus'
  'westeurope'
  'westus'
  'westus2'
  'westus3'
])
@metadata({
  azd: {
    type: 'location'
  }
})
param location string

@description('Resource group to create or update; empty means rg-<environmentName>.')
param resourceGroupName string = ''

@description('Object id of the person (or CI principal) deploying; they get data roles to run the app locally against these resources. Empty grants nothing.')
param principalId string = ''

@description('Kind of principalId.')
@allowed([
  'User'
  'ServicePrincipal'
  'Group'
])
param principalType string = 'User'

@description('Upper bound of function app instances (Flex Consumption: 40-1000).')
@minValue(40)
@maxValue(1000)
param maximumInstanceCount int = 100

@description('Memory of each instance in MB.')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int = 2048

@description('Days after its last write that a file\'s segment memory is deleted (a lifecycle management rule on the memory container); 0 keeps it forever.')
@minValue(0)
param segmentMemoryRetentionDays int = 180

@description('Blob container to create for source documents; empty creates none (jobs can name any container).')
param sourceContainerName string = ''

@description('Blob container to create for translations; empty creates none (jobs create their target).')
param targetContainerName string = ''

@description('Translator pricing tier: S1 (pay per character, no fixed fee) or F0 (free, one per subscription).')
@allowed([
  'F0'
  'S1'
])
param translatorSkuName string = 'S1'

@description('Translation provider: azure (the Translator resource this template creates, Entra ID auth) or pseudo (no cost, for trials).')
@allowed([
  'azure'
  'pseudo'
])
param translatorProvider string = 'azure'

@description('Backlog alert threshold: messages in the translation queue throughout 30 minutes (the app\'s own measurement). Keep it below PLANNER_QUEUE_HIGH_WATER: the planner holds the queue near that level, so a higher threshold never fires.')
@minValue(1)
param backlogAlertThreshold int = 1500

@description('E-mail address that receives alerts; empty creates the alert rules without notifications.')
param alertEmail string = ''

// The app refuses a WEBHOOK_SIGNING_SECRET shorter than 16 characters at start-up (src/lib/config.ts), which would
// stop every function, so a short one is refused here. Leave it out (null) to store no secret.
@description('Optional signing secret for completion webhooks (at least 16 characters), stored in Key Vault as "webhook-signing-secret".')
@secure()
@minLength(16)
param webhookSigningSecret string?

@description('Always-ready instances for the Durable Functions trigger group ("durable"): 0 scales to zero; 1 keeps orchestrations moving without a cold start (Microsoft\'s recommendation when PROCESSING_MODE is durable or jobs choose durable mode).')
@minValue(0)
@maxValue(20)
param durableAlwaysReadyInstances int = 0

// Key Vault and Translator are soft-deleted with their resource group: after `azd down` without `--purge`, their
// names stay reserved (the vault for its 7-day retention, Translator for 48 hours) and a redeployment of the same
// environment would collide. Any new value here gives both new names; empty keeps the names derived from the
// environment. See docs/deploy.md, "Redeploying after azd down".
@description('Changes the Key Vault and Translator names (which soft delete keeps reserved); empty keeps the default names.')
@maxLength(32)
param resourceNameSeed string = ''

// ---------------------------------------------------------------------------------------------------------
// Names
// ---------------------------------------------------------------------------------------------------------

var resourceToken = toLower(uniqueString(subscription().id, environmentName, location))
var tags = {
  'azd-env-name': environmentName
}
var functionAppName = 'func-${resourceToken}'
var storageAccountName = 'st${resourceToken}'
// Names of soft-deletable resources: the environment's token, or a new one per resourceNameSeed.
var softDeleteToken = empty(resourceNameSeed) ? resourceToken : toLower(uniqueString(resourceToken, resourceNameSeed))
var keyVaultName = 'kv-${softDeleteToken}'
var translatorName = 'tr-${softDeleteToken}'
var deploymentContainerName = 'app-package'

// Queue and table names the code uses: the defaults of TRANSLATION_QUEUE, PLAN_QUEUE and JOBS_TABLE in
// src/lib/config.ts. The host names a poison queue "<queue>-poison" (config.ts poisonQueueOf); they are created
// up front so the poison triggers and alerts work from the first deployment.
var translationQueueName = 'translation-jobs'
var planQueueName = 'translation-plan'
// The Durable Functions task hub (host.json reads it as %DURABLE_TASK_HUB%; the app reserves its containers).
var durableTaskHubName = 'batchtranslator'
var jobsTableName = 'translationjobs'
var cacheTableName = 'translationcache'
// The segment memory's container (MEMORY_CONTAINER): one map blob per source file and target language.
var memoryContainerName = 'translation-memory'
var webhookQueueName = 'translation-webhooks'
var queueNames = [
  translationQueueName
  '${translationQueueName}-poison'
  planQueueName
  '${planQueueName}-poison'
  webhookQueueName
  '${webhookQueueName}-poison'
]
var tableNames = [
  jobsTableName
  cacheTableName
]
// Deployment package container plus the optional source and target containers (union drops duplicates).
var containerNames = filter(union([deploymentContainerName], [memoryContainerName], [sourceContainerName], [targetContainerName]), container => !empty(container))

// Built-in role definition ids.
var roles = {
  storageBlobDataOwner: 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b' // host storage (leases, keys, deployment package)
  storageBlobDataContributor: 'ba92f5b4-2d11-453d-a403-e96b0029c9fe' // people: read sources, write outputs
  storageQueueDataContributor: '974c5e8b-45b9-4653-ba55-5f855dd0fb88' // queue triggers, poison moves, enqueueing
  storageTableDataContributor: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3' // job tracker table
  cognitiveServicesUser: 'a97b65f3-24c7-4388-baec-2e87135dc908' // Translator with Entra ID
  monitoringMetricsPublisher: '3913510d-42f4-4e42-8a64-420c390055eb' // Application Insights with Entra ID
  keyVaultSecretsUser: '4633458b-17de-408a-b874-0445c86b69e6' // @Microsoft.KeyVault(...) references
  keyVaultSecretsOfficer: 'b86a8fe4-44ce-4948-aee5-eccb2c155cd7' // people: `az keyvault secret set`
}
var grantDeployer = !empty(principalId)

// Who gets which role where. The app's identity: what the host and the app need in Azure. The deployer (optional):
// what a person needs to run the app locally against these resources (docs/deploy.md).
var storageRoleAssignments = concat(identityStorageRoles, grantDeployer ? deployerStorageRoles : [])
var identityStorageRoles = [
  {
    principalId: identity.outputs.principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: roles.storageBlobDataOwner
  }
  {
    principalId: identity.outputs.principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: roles.storageQueueDataContributor
  }
  {
    principalId: identity.outputs.principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: roles.storageTableDataContributor
  }
]
var deployerStorageRoles = [
  {
    principalId: principalId
    principalType: principalType
    roleDefinitionId: roles.storageBlobDataContributor
  }
  {
    principalId: principalId
    principalType: principalType
    roleDefinitionId: roles.storageQueueDataContributor
  }
  {
    principalId: principalId
    principalType: principalType
    roleDefinitionId: roles.storageTableDataContributor
  }
]
var translatorRoleAssignments = concat(identityTranslatorRoles, grantDeployer ? deployerTranslatorRoles : [])
var identityTranslatorRoles = [
  {
    principalId: identity.outputs.principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: roles.cognitiveServicesUser
  }
]
var deployerTranslatorRoles = [
  {
    principalId: principalId
    principalType: principalType
    roleDefinitionId: roles.cognitiveServicesUser
  }
]
var monitoringRoleAssignments = [
  {
    principalId: identity.outputs.principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: roles.monitoringMetricsPublisher
  }
]
var keyVaultRoleAssignments = concat(identityKeyVaultRoles, grantDeployer ? deployerKeyVaultRoles : [])
var identityKeyVaultRoles = [
  {
    principalId: identity.outputs.principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: roles.keyVaultSecretsUser
  }
]
// The vault is RBAC-only: without this role even the subscription's Owner cannot set the webhook secret.
var deployerKeyVaultRoles = [
  {
    principalId: principalId
    principalType: principalType
    roleDefinitionId: roles.keyVaultSecretsOfficer
  }
]

// ---------------------------------------------------------------------------------------------------------
// App settings: every setting the app reads in Azure (src/lib/config.ts), plus the host's telemetry settings
// ---------------------------------------------------------------------------------------------------------

var appSettings = {
  // Identity-based storage for the host and the app: the account name builds the blob, queue and table URIs;
  // credential + clientId select the user-assigned identity. No AzureWebJobsStorage connection string: shared
  // keys are disabled on the account.
  AzureWebJobsStorage__accountName: storageAccountName
  AzureWebJobsStorage__credential: 'managedidentity'
  AzureWebJobsStorage__clientId: identity.outputs.clientId
  // Telemetry, sent with the identity (local authentication is disabled on the component).
  APPLICATIONINSIGHTS_CONNECTION_STRING: monitoring.outputs.connectionString
  APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'ClientId=${identity.outputs.clientId};Authorization=AAD'
  // The remote build (Oryx) installs devDependencies to run `npm run build`, then ships only the production
  // dependencies: no Core Tools, emulator, browser driver or test tooling in the running app.
  PRUNE_DEV_DEPENDENCIES: 'true'
  // Queues and table (the queue triggers read %TRANSLATION_QUEUE% and %PLAN_QUEUE%).
  TRANSLATION_QUEUE: translationQueueName
  PLAN_QUEUE: planQueueName
  JOBS_TABLE: jobsTableName
  // Translation provider: the Translator resource below, reached with the app's managed identity on its
  // custom-subdomain endpoint (keys are disabled on the resource, so AZURE_TRANSLATOR_KEY stays unset).
  TRANSLATOR_PROVIDER: translatorProvider
  PSEUDO_LATENCY_MS: '0'
  AZURE_TRANSLATOR_ENDPOINT: translator.outputs.endpoint
  AZURE_TRANSLATOR_REGION: location
  AZURE_TRANSLATOR_CLIENT_ID: identity.outputs.clientId
  // The adaptive quota limit's first rate (characters/s): S1's 40 M characters/hour; it adapts from there.
  AZURE_TRANSLATOR_START_CHARS_PER_SECOND: '11000'
  TRANSLATOR_CONCURRENCY: '4'
  TRANSLATOR_TIMEOUT_MS: '30000'
  // Retries inside one invocation stay well within the host's visibility window; then the host retries.
  TRANSLATOR_RETRY_BUDGET_SECONDS: '120'
  // A throttled item (429) waits without spending its attempts, at most this long in all (six hours).
  RETRY_LATER_MAX_SECONDS: '21600'
  // After a cancel, items still without an outcome this long are counted cancelled (their messages never came).
  CANCEL_GRACE_SECONDS: '120'
  // Reuse of identical earlier outputs (content hash, language, provider, glossary, format rules).
  TRANSLATION_CACHE: 'true'
  CACHE_TABLE: cacheTableName
  // The segment memory (re-runs send only new or changed segments; edits to keyed units are kept). Its
  // container's blobs are deleted segmentMemoryRetentionDays after their last write (storage lifecycle rule).
  SEGMENT_MEMORY: 'true'
  MEMORY_CONTAINER: memoryContainerName
  SEGMENT_MEMORY_MAX_SEGMENTS: '50000'
  // Limits and tuning: the defaults of src/lib/config.ts, spelled out so they can be changed here.
  MAX_FILE_BYTES: '41943040'
  TRACKER_SHARDS: '8'
  PLANNER_PAGE_SIZE: '1000'
  PLANNER_ENQUEUE_CONCURRENCY: '32'
  PLANNER_ESTIMATE_CONCURRENCY: '16'
  DRY_RUN_MEASURED_BY: 'planner'
  PLANNER_QUEUE_HIGH_WATER: '2000'
  PLANNER_QUEUE_WAIT_SECONDS: '5'
  ALLOW_HTTP_LOOPBACK_CALLBACKS: 'false'
  // Completion webhooks (callback_url): their queue and the first retry delay (doubled per retry). The
  // signing secret is a Key Vault reference (keyVaultSecretSettings below).
  WEBHOOK_QUEUE: webhookQueueName
  WEBHOOK_RETRY_BASE_SECONDS: '10'
  // Processing: queue-based planner and workers by default; durable mode runs one orchestration per job.
  PROCESSING_MODE: 'queue'
  DURABLE_TASK_HUB: durableTaskHubName
  DURABLE_MAX_PARALLEL: '200'
  DURABLE_RETRY_FIRST_INTERVAL_MS: '5000'
  DURABLE_RETRY_MAX_ATTEMPTS: '5'
  PARSE_THREADS: '2'
  PARSE_TIME_LIMIT_SECONDS: '60'
  PARSE_MEMORY_LIMIT_MB: '1024'
  // Dry-run estimates: empty means the provider's list price (Azure Translator S1: USD 10 per million).
  PRICE_PER_MILLION_CHARACTERS: ''
}

// Settings whose values live in Key Vault: app setting name -> secret name. The drift test counts these keys
// as settings main.bicep sets, so each must also be in SETTING_NAMES. The webhook secret is stored from the
// `webhookSigningSecret` parameter (at least 16 characters), or set later with
// `az keyvault secret set --vault-name <vault> --name webhook-signing-secret --value "$(openssl rand -hex 32)"`;
// until it exists the reference does not resolve, the app treats the setting as unset, and jobs with a
// callback_url are refused with webhooks_not_configured.
var keyVaultSecretSettings = {
  WEBHOOK_SIGNING_SECRET: 'webhook-signing-secret'
}
var keyVaultReferences = toObject(items(keyVaultSecretSettings), entry => entry.key, entry => '@Microsoft.KeyVault(VaultName=${keyVaultName};SecretName=${entry.value})')

// ---------------------------------------------------------------------------------------------------------
// Resources
// ---------------------------------------------------------------------------------------------------------

resource rg 'Microsoft.Resources/resourceGroups@2024-03-01' = {
  name: empty(resourceGroupName) ? 'rg-${environmentName}' : resourceGroupName
  location: location
  tags: tags
}

module identity 'modules/identity.bicep' = {
  name: 'identity'
  scope: rg
  params: {
    name: 'id-${resourceToken}'
    location: location
    tags: tags
  }
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  scope: rg
  params: {
    workspaceName: 'log-${resourceToken}'
    applicationInsightsName: 'appi-${resourceToken}'
    location: location
    tags: tags
    roleAssignments: monitoringRoleAssignments
  }
}

module storage 'modules/storage.bicep' = {
  name: 'storage'
  scope: rg
  params: {
    name: storageAccountName
    location: location
    tags: tags
    containerNames: containerNames
    queueNames: queueNames
    tableNames: tableNames
    memoryContainerName: memoryContainerName
    memoryRetentionDays: segmentMemoryRetentionDays
    roleAssignments: storageRoleAssignments
  }
}

module translator 'modules/translator.bicep' = {
  name: 'translator'
  scope: rg
  params: {
    name: translatorName
    customSubDomainName: translatorName
    location: location
    tags: tags
    skuName: translatorSkuName
    roleAssignments: translatorRoleAssignments
  }
}

module keyVault 'modules/keyVault.bicep' = {
  name: 'keyVault'
  scope: rg
  params: {
    name: keyVaultName
    location: location
    tags: tags
    webhookSigningSecret: webhookSigningSecret
    roleAssignments: keyVaultRoleAssignments
  }
}

module functionApp 'modules/functionApp.bicep' = {
  name: 'functionApp'
  scope: rg
  params: {
    name: functionAppName
    planName: 'plan-${resourceToken}'
    location: location
    tags: tags
    azdServiceName: 'api'
    identityId: identity.outputs.id
    deploymentContainerUrl: '${storage.outputs.blobEndpoint}${deploymentContainerName}'
    maximumInstanceCount: maximumInstanceCount
    instanceMemoryMB: instanceMemoryMB
    durableAlwaysReadyInstances: durableAlwaysReadyInstances
    appSettings: union(appSettings, keyVaultReferences)
  }
  // The identity's roles must exist before the host starts. Storage (deployment package, triggers) and
  // Application Insights (telemetry) are implicit dependencies through their outputs; Key Vault (references) is not.
  dependsOn: [
    keyVault
  ]
}

module alerts 'modules/alerts.bicep' = {
  name: 'alerts'
  scope: rg
  params: {
    namePrefix: functionAppName
    location: location
    tags: tags
    workspaceId: monitoring.outputs.workspaceId
    backlogThreshold: backlogAlertThreshold
    alertEmail: alertEmail
  }
}

// ---------------------------------------------------------------------------------------------------------
// Outputs (UPPER_SNAKE: azd stores them in .azure/<environment>/.env)
// ---------------------------------------------------------------------------------------------------------

output AZURE_LOCATION string = location
output AZURE_TENANT_ID string = tenant().tenantId
output AZURE_RESOURCE_GROUP string = rg.name
output AZURE_FUNCTION_APP_NAME string = functionApp.outputs.name
output FUNCTION_APP_URL string = 'https://${functionApp.outputs.defaultHostName}'
output AZURE_STORAGE_ACCOUNT_NAME string = storageAccountName
output AZURE_MANAGED_IDENTITY_CLIENT_ID string = identity.outputs.clientId
output APPLICATIONINSIGHTS_NAME string = monitoring.outputs.applicationInsightsName
output KEY_VAULT_NAME string = keyVault.outputs.name
output KEY_VAULT_URI string = keyVault.outputs.uri
output TRANSLATOR_NAME string = translator.outputs.name
output TRANSLATOR_ENDPOINT string = translator.outputs.endpoint
output TRANSLATION_QUEUE string = translationQueueName
output PLAN_QUEUE string = planQueueName
output JOBS_TABLE string = jobsTableName
