// The alerts of docs/operations.md, all on the app's own metrics (src/lib/telemetry/instruments.ts), which the
// Azure Monitor OpenTelemetry distro sends to Application Insights: each metric is an AppMetrics row in the
// workspace (Name = the instrument's name, Sum = the value or the increase since the last export, Properties =
// its attributes). The queue gauges are measured every minute by the measureQueues timer function, so every
// alert below sees the queues as they were a minute or two ago. test/infra/metricNames.test.ts checks that each
// metric name and attribute used here is one the code emits.

@description('Prefix of the alert rule names, e.g. the function app name.')
param namePrefix string

@description('Region of the log alert rules (the workspace region).')
param location string

@description('Tags applied to the rules.')
param tags object = {}

@description('Resource id of the Log Analytics workspace behind Application Insights (this deployment\'s own).')
param workspaceId string

@description('Backlog alert: more messages than this in the translation queue throughout 30 minutes.')
@minValue(1)
param backlogThreshold int

@description('Failure-rate alert: percentage of items that failed over 15 minutes above this.')
@minValue(1)
@maxValue(100)
param failureRatePercent int = 5

@description('Failure-rate alert: ignore 15-minute windows with fewer finished items than this.')
@minValue(1)
param failureRateMinimumItems int = 20

@description('E-mail address that receives the alerts; empty creates the rules without notifications.')
param alertEmail string = ''

var actionGroupName = '${namePrefix}-alerts'
var actionGroupIds = empty(alertEmail) ? [] : [resourceId('Microsoft.Insights/actionGroups', actionGroupName)]

// Query templates; format() fills {0}, {1}. KQL strings use double quotes so no Bicep escaping is needed.

// Backlog: the translation queue held more than {0} messages at every measurement of the window, and the
// measurements cover it (the first is at least 25 minutes old), so a burst that drains quickly does not count.
var backlogQuery = '''
AppMetrics
| where Name == "batch_translator.queue.depth"
| where tostring(Properties.queue_role) == "translation" and tostring(Properties.poison) == "false"
| summarize lowest = min(Sum), earliest = min(TimeGenerated)
| where lowest > {0} and earliest <= ago(25m)
'''

// Poison: a poison queue held a message at a measurement (its handler could not consume it), or items failed
// with retries_exhausted (a message reached a poison queue and its handler recorded the item failed).
var poisonQuery = '''
let waiting = AppMetrics
    | where Name == "batch_translator.queue.depth" and tostring(Properties.poison) == "true"
    | summarize amount = max(Sum) by what = strcat("messages in ", tostring(Properties.queue));
let exhausted = AppMetrics
    | where Name == "batch_translator.items.settled" and tostring(Properties.error_code) == "retries_exhausted"
    | summarize amount = sum(Sum)
    | extend what = "items failed retries_exhausted";
union waiting, exhausted
| where amount > 0
'''

// Failure rate: of the items that finished (succeeded or failed; cancelled ones do not count), more than {1}%
// failed, in windows with at least {0} finished items.
var failureRateQuery = '''
AppMetrics
| where Name == "batch_translator.items.settled"
| extend status = tostring(Properties.status)
| summarize finished = sumif(Sum, status in ("succeeded", "failed")), failed = sumif(Sum, status == "failed")
| where finished >= {0}
| extend failurePercent = 100.0 * failed / finished
| where failurePercent > {1}
'''

// Stalled: the translation queue held messages at every measurement of the window (the first at least 25
// minutes old), yet no item finished and none was even put off for a provider's quota.
var stalledQuery = '''
let progress = toscalar(
    AppMetrics
    | where Name in ("batch_translator.items.settled", "batch_translator.items.retry_later")
    | summarize sum(Sum));
AppMetrics
| where Name == "batch_translator.queue.depth"
| where tostring(Properties.queue_role) == "translation" and tostring(Properties.poison) == "false"
| summarize lowest = min(Sum), earliest = min(TimeGenerated)
| where lowest > 0 and earliest <= ago(25m) and coalesce(progress, 0.0) == 0
'''

// No measurements: the measureQueues timer has not reported for 15 minutes, so the app is not running (or
// cannot send telemetry) and the other alerts are blind.
var noMeasurementsQuery = '''
AppMetrics
| where Name == "batch_translator.queue.depth"
| summarize measurements = count()
| where measurements == 0
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

var rules = [
  {
    name: '${namePrefix}-queue-backlog'
    displayName: '${namePrefix}: more than ${backlogThreshold} items waiting for 30 minutes'
    description: 'The translation queue held more than ${backlogThreshold} messages throughout 30 minutes. See docs/operations.md#queue-backlog.'
    severity: 2
    evaluationFrequency: 'PT5M'
    windowSize: 'PT30M'
    query: format(backlogQuery, backlogThreshold)
  }
  {
    name: '${namePrefix}-poison-messages'
    displayName: '${namePrefix}: message in a poison queue'
    description: 'A message exhausted its retries: it reached a poison queue, or its item failed retries_exhausted. See docs/operations.md#poison-messages.'
    severity: 2
    evaluationFrequency: 'PT5M'
    windowSize: 'PT15M'
    query: poisonQuery
  }
  {
    name: '${namePrefix}-failure-rate'
    displayName: '${namePrefix}: more than ${failureRatePercent}% of items failed'
    description: 'More than ${failureRatePercent}% of the items that finished in 15 minutes failed. See docs/operations.md#failure-rate.'
    severity: 1
    evaluationFrequency: 'PT5M'
    windowSize: 'PT15M'
    query: format(failureRateQuery, failureRateMinimumItems, failureRatePercent)
  }
  {
    name: '${namePrefix}-stalled'
    displayName: '${namePrefix}: items waiting and none finished for 30 minutes'
    description: 'The translation queue held messages for 30 minutes and no item finished. See docs/operations.md#stalled.'
    severity: 1
    evaluationFrequency: 'PT5M'
    windowSize: 'PT30M'
    query: stalledQuery
  }
  {
    name: '${namePrefix}-no-measurements'
    displayName: '${namePrefix}: no queue measurements for 15 minutes'
    description: 'The measureQueues timer has not reported for 15 minutes: the app is down or cannot send telemetry. See docs/operations.md#no-measurements.'
    severity: 1
    evaluationFrequency: 'PT5M'
    windowSize: 'PT15M'
    query: noMeasurementsQuery
  }
]

resource alertRules 'Microsoft.Insights/scheduledQueryRules@2023-03-15-preview' = [
  for rule in rules: {
    name: rule.name
    location: location
    tags: tags
    dependsOn: [
      actionGroup
    ]
    properties: {
      displayName: rule.displayName
      description: rule.description
      severity: rule.severity
      enabled: true
      scopes: [
        workspaceId
      ]
      evaluationFrequency: rule.evaluationFrequency
      windowSize: rule.windowSize
      criteria: {
        allOf: [
          {
            query: rule.query
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
      skipQueryValidation: true // AppMetrics fills only once the app runs
      actions: {
        actionGroups: actionGroupIds
      }
    }
  }
]
