// Types shared by the modules (compile-time import: `import { roleAssignmentType } from 'types.bicep'`).

@export()
@description('A role a module grants on the resource it owns.')
type roleAssignmentType = {
  @description('Object (principal) id of the managed identity, user or group that gets the role.')
  principalId: string

  @description('Kind of principal. Required so a role can be granted to an identity created in the same deployment.')
  principalType: 'ServicePrincipal' | 'User' | 'Group'

  @description('Id (a GUID) of the built-in role definition, for example b7e6dc6d-f1e8-4753-8033-0f276bb0955b.')
  roleDefinitionId: string
}
