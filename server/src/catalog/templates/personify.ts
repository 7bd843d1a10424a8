// Template: Personify Inc (gallery app). Facts in data/apps.json ("personify").
export const personify = String.raw`# Personify Inc: automatic user provisioning from Microsoft Entra ID.
# Template written by "entramap new --template personify"; edit it, then "entramap check" it and
# "entramap convert" it into the schema JSON Graph expects.
#
# Admin credentials: the Tenant URL and Secret Token come from Personify support (its list of
# tenant URLs); the tutorial does not give the URL's shape. The account needs Admin permissions.
# Capabilities: create users, keep their attributes in sync, disable or remove users who no
# longer need access. Users only: Personify Inc is not documented to take groups.
#
# The tutorial lists the target attributes, not their sources; the sources below are entramap's
# suggestions. "required" = required by Personify Inc, "filterable" = Personify Inc can find users
# by it, so it can be a matching attribute.
app "Personify Inc" template personify

mapping "Synchronize Microsoft Entra users to Personify Inc" {
  source User
  target User
  actions create update delete

  userName <- [userPrincipalName] match 1  # required, filterable
  active <- Switch([IsSoftDeleted], , "False", "True", "True", "False")  # required
  displayName <- [displayName]
  title <- [jobTitle]
  emails[type eq "work"].value <- [mail]  # required
  preferredLanguage <- [preferredLanguage]
  name.givenName <- [givenName]  # required
  name.familyName <- [surname]  # required
  name.formatted <- [displayName]
  addresses[type eq "work"].streetAddress <- [streetAddress]
  addresses[type eq "work"].locality <- [city]
  addresses[type eq "work"].region <- [state]
  addresses[type eq "work"].postalCode <- [postalCode]
  addresses[type eq "work"].country <- [country]
  phoneNumbers[type eq "work"].value <- [telephoneNumber]
  phoneNumbers[type eq "mobile"].value <- [mobile]
  phoneNumbers[type eq "fax"].value <- [facsimileTelephoneNumber]
  externalId <- [objectId]  # filterable
  userType <- [employeeType]
  urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber <- [employeeId]
  urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:costCenter <- [employeeOrgData.costCenter]
  urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:organization <- [companyName]
  urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:division <- [employeeOrgData.division]
  urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department <- [department]
  urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager <- [manager]

  # Also accepted by Personify Inc, with no Entra ID attribute to fill them by default. Map them
  # from an attribute that holds the data (for example an extensionAttribute) if you have one:
  #   addresses[type eq "work"].formatted
  #   name.honorificPrefix
  #   name.honorificSuffix
  #   nickName
  #   locale
  #   timezone
}
`;
