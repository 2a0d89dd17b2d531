"""allauth's OpenID Connect provider, with an adapter that checks every ID token's signature.

allauth skips the signature check when the ID token came straight from the token endpoint over TLS
(OpenID Connect Core 3.1.3.7 allows it). We check it anyway, against the provider's published keys
(`jwks_uri`): a misconfigured proxy or a plain-HTTP endpoint then cannot hand us a forged identity.

Every authorisation request carries a fresh nonce, kept in the sign-in's state; the callback accepts
only an ID token carrying it (OpenID Connect Core 3.1.2.1 and 3.1.3.7). Signing in with an ID token
obtained elsewhere (allauth's token authentication, for its headless API) is switched off: it could
not check a nonce."""

import secrets

from allauth.socialaccount.providers.openid_connect.provider import OpenIDConnectProvider

from equalchance.accounts.sso.views import NONCE_STATE_KEY, SignedOpenIDConnectAdapter


class SignedOpenIDConnectProvider(OpenIDConnectProvider):
    oauth2_adapter_class = SignedOpenIDConnectAdapter
    package = "equalchance.accounts.sso"  # its urls.py: the same names as allauth's, our views
    supports_token_authentication = False

    def redirect(self, request, process, next_url=None, data=None, **kwargs):
        nonce = secrets.token_urlsafe(32)
        auth_params = kwargs.pop("auth_params", None)
        auth_params = dict(self.get_auth_params() if auth_params is None else auth_params)
        auth_params["nonce"] = nonce
        kwargs[NONCE_STATE_KEY] = nonce  # stashed with the state, as the PKCE verifier is
        return super().redirect(request, process, next_url, data, auth_params=auth_params, **kwargs)

    def verify_token(self, request, token):
        from allauth.socialaccount.adapter import get_adapter

        raise get_adapter().validation_error("invalid_token")


provider_classes = [SignedOpenIDConnectProvider]
