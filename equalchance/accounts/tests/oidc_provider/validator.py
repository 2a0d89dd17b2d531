from oauth2_provider.oauth2_validators import OAuth2Validator

from equalchance.accounts.tests.oidc_provider import settings


class Validator(OAuth2Validator):
    # The ID token carries the address, whether the provider vouches for it, and how the person
    # authenticated (RFC 8176), as Entra ID's tokens do.
    oidc_claim_scope = {**OAuth2Validator.oidc_claim_scope, "amr": "openid", "xms_edov": "openid"}

    def get_additional_claims(self, request):
        person = settings.PEOPLE[request.user.username]
        claims = {
            "name": request.user.username,
            "preferred_username": request.user.username,
            "email": person["email"],
            "email_verified": person["email_verified"],
            "amr": person["amr"],
        }
        if "xms_edov" in person:  # Entra ID's "email domain owner verified", when the person has it
            claims["xms_edov"] = person["xms_edov"]
        return claims
