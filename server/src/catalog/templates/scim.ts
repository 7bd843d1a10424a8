// Template: a non-gallery SCIM 2.0 app with Entra's default mappings. Facts in data/apps.json ("scim").
export const scim = String.raw`# A SCIM 2.0 application (non-gallery) with the default mappings of Entra's SCIM app template.
# Written by "entramap new --template scim"; edit it, then "entramap check" it and
# "entramap convert" it into the schema JSON Graph expects.
#
# Admin credentials: Tenant URL = the SCIM base URL (https://api.contoso.com/scim/; no /scim root
# is required); append behaviour flags as a query (?aadOptscim062020 for RFC-compliant PATCH).
# Secret Token = a long-lived bearer token.
#
# The target must: create users and groups, update them with PATCH, find them with eq filters on
# the matching attributes (userName, displayName), and disable users through active.
# Custom extension attributes of a non-gallery app must be single-valued strings.
app "SCIM app" template scim

mapping "Synchronize Microsoft Entra users to SCIM app" {
  source User
  target User
  actions create update delete

  userName <- [userPrincipalName] match 1
  # Keep this mapping: it disables users who are unassigned, out of scope, disabled or deleted.
  active <- Switch([IsSoftDeleted], , "False", "True", "True", "False")
  displayName <- [displayName]
  title <- [jobTitle]
  emails[type eq "work"].value <- [mail]
  externalId <- [mailNickname]
  name.givenName <- [givenName]
  name.familyName <- [surname]
  phoneNumbers[type eq "work"].value <- [telephoneNumber]
  phoneNumbers[type eq "mobile"].value <- [mobile]
  phoneNumbers[type eq "fax"].value <- [facsimileTelephoneNumber]
  addresses[type eq "work"].streetAddress <- [streetAddress]
  addresses[type eq "work"].postalCode <- [postalCode]
  addresses[type eq "other"].formatted <- [physicalDeliveryOfficeName]
  emails[type eq "other"].value <- [proxyAddresses]
  urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department <- [department]
  urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber <- [employeeId]
  urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager <- [manager]
}

mapping "Synchronize Microsoft Entra groups to SCIM app" {
  source Group
  target Group
  actions create update delete

  displayName <- [displayName] match 1
  externalId <- [objectId]
  members <- [members]
}
`;
