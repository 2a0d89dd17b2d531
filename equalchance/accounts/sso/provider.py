"""allauth's OpenID Connect provider, with an adapter that checks every ID token's signature.

allauth skips the signature check when the ID token came straight from the token endpoint over TLS
(OpenID Connect Core 3.1.3.7 allows it). We check it anyway, against the provider's published keys
(`jwks_uri`): a misconfigured proxy or a plain-HTTP endpoint then cannot hand us a forged identity."""

from allauth.socialaccount.providers.openid_connect.provider import OpenIDConnectProvider

from equalchance.accounts.sso.views import SignedOpenIDConnectAdapter


class SignedOpenIDConnectProvider(OpenIDConnectProvider):
    oauth2_adapter_class = SignedOpenIDConnectAdapter
    package = "equalchance.accounts.sso"  # its urls.py: the same names as allauth's, our views


provider_classes = [SignedOpenIDConnectProvider]
