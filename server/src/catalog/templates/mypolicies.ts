// Template: myPolicies (gallery app). Facts in data/apps.json ("mypolicies").
export const mypolicies = String.raw`# myPolicies: automatic user provisioning from Microsoft Entra ID.
# Template written by "entramap new --template mypolicies"; edit it, then "entramap check" it and
# "entramap convert" it into the schema JSON Graph expects.
#
# Admin credentials: Tenant URL https://<myPoliciesCustomDomain>.mypolicies.com/scim, where
# <myPoliciesCustomDomain> is the custom domain of your myPolicies URL (demo0-qa in
# demo0-qa.mypolicies.com); the Secret Token comes from myPolicies support
# (support@mypolicies.com). The account needs Admin permissions.
#
# Connector limits:
# - myPolicies always requires userName, email and externalId: every user must have all three.
# - myPolicies does not support hard deletes: users are disabled (active false), never deleted,
#   so the mapping below does not delete.
# - Users assigned with the Default Access role are excluded: assign an application role.
#
# The tutorial lists the target attributes, not their sources; the sources below are entramap's
# suggestions. "required" = required by myPolicies.
app "myPolicies" template mypolicies

mapping "Synchronize Microsoft Entra users to myPolicies" {
  source User
  target User
  actions create update

  userName <- [userPrincipalName] match 1  # required
  active <- Switch([IsSoftDeleted], , "False", "True", "True", "False")
  # required: users without a mailbox fall back to their UPN
  emails[type eq "work"].value <- Coalesce([mail], [userPrincipalName])
  name.givenName <- [givenName]
  name.familyName <- [surname]
  name.formatted <- [displayName]
  externalId <- [objectId]  # required: objectId always has a value
  addresses[type eq "work"].country <- [country]
  urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager <- [manager]
}
`;
