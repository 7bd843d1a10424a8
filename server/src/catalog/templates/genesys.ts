// Template: Genesys Cloud for Azure (gallery app). Facts in data/apps.json ("genesys").
export const genesys = String.raw`# Genesys Cloud for Azure: automatic user and group provisioning from Microsoft Entra ID.
# Template written by "entramap new --template genesys"; edit it, then "entramap check" it and
# "entramap convert" it into the schema JSON Graph expects.
#
# Admin credentials: Tenant URL {API Url}/api/v2/scim/v2, with the API URL of your Genesys Cloud
# (PureCloud) region from the PureCloud Developer Center, for example
# https://api.mypurecloud.com/api/v2/scim/v2. Secret Token: an OAuth token generated with a
# client-credentials OAuth client of your Genesys Cloud organization.
#
# Connector limits:
# - Genesys Cloud does not create or delete groups; it only updates them. Create each group in
#   Genesys Cloud first, with exactly the same name as in Entra ID: groups are matched on
#   displayName. The group mapping below therefore only updates.
# - Extra roles need app roles in the application manifest.
#
# The tutorial lists the target attributes, not their sources; the sources below are entramap's
# suggestions. "required" = required by Genesys Cloud, "filterable" = Genesys Cloud can find
# objects by it. The tutorial misprints two paths (phoneNumberss, typographic quotes in the
# externalIds filters); the paths below are the corrected ones.
app "Genesys Cloud for Azure" template genesys

mapping "Synchronize Microsoft Entra users to Genesys Cloud for Azure" {
  source User
  target User
  actions create update delete

  userName <- [userPrincipalName] match 1  # required, filterable
  active <- Switch([IsSoftDeleted], , "False", "True", "True", "False")  # required
  displayName <- [displayName]  # required
  emails[type eq "work"].value <- [mail]
  title <- [jobTitle]
  phoneNumbers[type eq "mobile"].value <- [mobile]
  phoneNumbers[type eq "work"].value <- [telephoneNumber]
  roles <- AppRoleAssignmentsComplex([appRoleAssignments])
  urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department <- [department]
  urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager <- [manager]
  urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber <- [employeeId]
  urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:division <- [employeeOrgData.division]

  # Also accepted by Genesys Cloud, with no Entra ID attribute to fill them by default. Map them
  # from an attribute that holds the data (for example an extensionAttribute) if you have one:
  #   phoneNumbers[type eq "work2"].value
  #   phoneNumbers[type eq "work3"].value
  #   phoneNumbers[type eq "work4"].value
  #   phoneNumbers[type eq "home"].value
  #   phoneNumbers[type eq "microsoftteams"].value
  #   urn:ietf:params:scim:schemas:extension:genesys:purecloud:2.0:User:externalIds[authority eq "microsoftteams"].value
  #   urn:ietf:params:scim:schemas:extension:genesys:purecloud:2.0:User:externalIds[authority eq "ringcentral"].value
  #   urn:ietf:params:scim:schemas:extension:genesys:purecloud:2.0:User:externalIds[authority eq "zoomphone"].value
}

mapping "Synchronize Microsoft Entra groups to Genesys Cloud for Azure" {
  source Group
  target Group
  actions update

  displayName <- [displayName] match 1  # required, filterable
  externalId <- [objectId]
  members <- [members]
}
`;
