// The four alerts of docs/operations.md: backlog, poison messages, failure rate and "stuck" (no executions
// while messages wait). Log alerts query the workspace: AppRequests (function executions from workspace-based
// Application Insights) and AzureMetrics (queue capacity metrics exported by the storage module).

@description('Prefix of the alert rule names, e.g. the function app name.')
param namePrefix string

@description('Region of the log alert rules (the workspace region).')
param location string

@description('Tags applied to the rules.')
param tags object = {}

@description('Resource id of the Log Analytics workspace behind Application Insights.')
param workspaceId string

@description('Name of the function app: its executions carry it as AppRoleName.')
param functionAppName string

@description('Resource id of the storage account\'s queue service.')
param queueServiceId string

@description('Names of every function that is not an HTTP endpoint (src/functions/definitions.ts).')
param backgroundFunctionNames string[]

@description('Names of the functions triggered by "-poison" queues.')
param poisonFunctionNames string[]

@description('Backlog alert: messages waiting in the account\'s queues (hourly average) above this.')
@minValue(1)
param backlogThreshold int

@description('Failure-rate alert: percentage of failed executions over 15 minutes above this.')
@minValue(1)
@maxValue(100)
param failureRatePercent int = 5

@description('Failure-rate alert: ignore 15-minute windows with fewer executions than this.')
@minValue(1)
param failureRateMinimumExecutions int = 20

@description('E-mail address that receives the alerts; empty creates the rules without notifications.')
param alertEmail string = ''

var actionGroupName = '${namePrefix}-alerts'
var actionGroupIds = empty(alertEmail) ? [] : [resourceId('Microsoft.Insights/actionGroups', actionGroupName)]

// KQL list literal of function names: "planJob", "translateFile", ...
var backgroundFunctionList = join(map(backgroundFunctionNames, functionName => '"${functionName}"'), ', ')
var poisonFunctionList = join(map(poisonFunctionNames, functionName => '"${functionName}"'), ', ')

// Query templates; format() fills {0}, {1}, {2}. KQL strings use double quotes so no Bicep escaping is needed.

// Poison: any execution of a poison-queue function. {0} app name, {1} poison function list.
var poisonQuery = '''
AppRequests
| where AppRoleName =~ "{0}"
| where OperationName in ({1})
| summarize executions = count() by OperationName
'''

// Failure rate. {0} app name, {1} minimum executions, {2} threshold percentage.
var failureRateQuery = '''
AppRequests
| where AppRoleName =~ "{0}"
| where not(ResultCode startswith "4")
| summarize executions = count(), failures = countif(Success == false)
| where executions >= {1}
| extend failurePercent = 100.0 * failures / executions
| where failurePercent > {2}
'''

// Stuck: no background (non-HTTP) execution for 30 minutes, and the newest QueueMessageCount sample is positive and
// newer than the last execution (or nothing ran at all). {0} app name, {1} background function list, {2} queue
// service resource id.
var stuckQuery = '''
let lastExecution = toscalar(
    AppRequests
    | where AppRoleName =~ "{0}"
    | where OperationName in ({1})
    | summarize max(TimeGenerated));
AzureMetrics
| where ResourceId =~ "{2}"
| where MetricName == "QueueMessageCount"
| summarize arg_max(TimeGenerated, Average)
| where Average > 0
| where isnull(lastExecution) or (lastExecution < ago(30m) and TimeGenerated > lastExecution)
'''

resource actionGroup 'Microsoft.Insights/actionGroups@2023-01-01' = if (!empty(alertEmail)) {
  name: actionGroupName
  location: 'global'
  tags: tags
  properties: {
    groupShortName: 'translator'
    enabled: true
    emailReceivers: [
      {
        name: 'operator'
        emailAddress: alertEmail
        useCommonAlertSchema: true
      }
    ]
  }
}

// 1. Backlog. QueueMessageCount covers every queue of the account (work, planner and poison queues) and is
// emitted once an hour, so this is a slow signal: "work is piling up", not "a job just started".
resource backlogAlert 'Microsoft.Insights/metricAlerts@2018-03-01' = {
  name: '${namePrefix}-queue-backlog'
  location: 'global'
  tags: tags
  dependsOn: [
    actionGroup
  ]
  properties: {
    description: 'More than ${backlogThreshold} messages wait in the translation queues (hourly average). See docs/operations.md#queue-backlog.'
    severity: 2
    enabled: true
    scopes: [
      queueServiceId
    ]
    evaluationFrequency: 'PT1H'
    windowSize: 'PT1H'
    targetResourceType: 'Microsoft.Storage/storageAccounts/queueServices'
    criteria: {
      'odata.type': 'Microsoft.Azure.Monitor.SingleResourceMultipleMetricCriteria'
      allOf: [
        {
          criterionType: 'StaticThresholdCriterion'
          name: 'QueueMessageCount'
          metricNamespace: 'Microsoft.Storage/storageAccounts/queueServices'
          metricName: 'QueueMessageCount'
          operator: 'GreaterThan'
          threshold: backlogThreshold
          timeAggregation: 'Average'
        }
      ]
    }
    autoMitigate: true
    actions: [
      for id in actionGroupIds: {
        actionGroupId: id
      }
    ]
  }
}

// 2. Poison messages. The poison triggers consume "-poison" queues at once, so "a message reached a poison
// queue" shows up as an execution of a poison function.
resource poisonAlert 'Microsoft.Insights/scheduledQueryRules@2023-03-15-preview' = {
  name: '${namePrefix}-poison-messages'
  location: location
  tags: tags
  dependsOn: [
    actionGroup
  ]
  properties: {
    displayName: '${namePrefix}: message in a poison queue'
    description: 'A message exhausted its retries and reached a poison queue. See docs/operations.md#poison-messages.'
    severity: 2
    enabled: true
    scopes: [
      workspaceId
    ]
    evaluationFrequency: 'PT5M'
    windowSize: 'PT15M'
    criteria: {
      allOf: [
        {
          query: format(poisonQuery, functionAppName, poisonFunctionList)
          timeAggregation: 'Count'
          operator: 'GreaterThan'
          threshold: 0
          failingPeriods: {
            numberOfEvaluationPeriods: 1
            minFailingPeriodsToAlert: 1
          }
        }
      ]
    }
    autoMitigate: true
    skipQueryValidation: true // the tables fill only once the app runs
    actions: {
      actionGroups: actionGroupIds
    }
  }
}

// 3. Failure rate. Every function execution counts except HTTP 4xx answers (a client's mistake, not ours).
resource failureRateAlert 'Microsoft.Insights/scheduledQueryRules@2023-03-15-preview' = {
  name: '${namePrefix}-failure-rate'
  location: location
  tags: tags
  dependsOn: [
    actionGroup
  ]
  properties: {
    displayName: '${namePrefix}: failure rate above ${failureRatePercent}%'
    description: 'More than ${failureRatePercent}% of function executions failed over 15 minutes. See docs/operations.md#failure-rate.'
    severity: 1
    enabled: true
    scopes: [
      workspaceId
    ]
    evaluationFrequency: 'PT5M'
    windowSize: 'PT15M'
    criteria: {
      allOf: [
        {
          query: format(failureRateQuery, functionAppName, failureRateMinimumExecutions, failureRatePercent)
          timeAggregation: 'Count'
          operator: 'GreaterThan'
          threshold: 0
          failingPeriods: {
            numberOfEvaluationPeriods: 1
            minFailingPeriodsToAlert: 1
          }
        }
      ]
    }
    autoMitigate: true
    skipQueryValidation: true
    actions: {
      actionGroups: actionGroupIds
    }
  }
}

// 4. Stuck: no background (non-HTTP) execution for 30 minutes although the latest queue sample taken after the
// last execution shows messages. The query looks back 3 hours because queue samples are hourly.
resource stuckAlert 'Microsoft.Insights/scheduledQueryRules@2023-03-15-preview' = {
  name: '${namePrefix}-no-executions'
  location: location
  tags: tags
  dependsOn: [
    actionGroup
  ]
  properties: {
    displayName: '${namePrefix}: no executions for 30 minutes while messages wait'
    description: 'No background function ran for 30 minutes although the queues hold messages. See docs/operations.md#no-executions.'
    severity: 1
    enabled: true
    scopes: [
      workspaceId
    ]
    evaluationFrequency: 'PT15M'
    windowSize: 'PT30M'
    overrideQueryTimeRange: 'PT3H'
    criteria: {
      allOf: [
        {
          query: format(stuckQuery, functionAppName, backgroundFunctionList, queueServiceId)
          timeAggregation: 'Count'
          operator: 'GreaterThan'
          threshold: 0
          failingPeriods: {
            numberOfEvaluationPeriods: 1
            minFailingPeriodsToAlert: 1
          }
        }
      ]
    }
    autoMitigate: true
    skipQueryValidation: true
    actions: {
      actionGroups: actionGroupIds
    }
  }
}
