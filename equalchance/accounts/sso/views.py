"""The provider's sign-in and callback views, as allauth's, with the signature-checking adapter.

An ID token is accepted only when it is signed with a public-key algorithm by a key the provider
publishes (`jwks_uri`), named by the token's `kid`, of the kind that key is for; and it is for this
client, from this issuer, not expired, and names its subject. Anything else (unsigned, `alg: none`,
HS256 signed with the client secret, no `kid` or one not published, a header or body that is not
JSON, not a token at all) raises `OAuth2Error`, which allauth's callback turns into the same refusal
page (401) as a bad signature, and which is counted as a failed sign-in."""

import jwt
from allauth.socialaccount.adapter import get_adapter
from allauth.socialaccount.internal import jwtkit
from allauth.socialaccount.models import SocialApp
from allauth.socialaccount.providers.oauth2.client import OAuth2Error
from allauth.socialaccount.providers.oauth2.views import OAuth2CallbackView, OAuth2LoginView
from allauth.socialaccount.providers.openid_connect.views import OpenIDConnectOAuth2Adapter
from django.contrib.auth.decorators import login_not_required
from django.http import Http404

# Signatures by a key the provider publishes; never "none" or a shared secret (HS256 and the like).
SIGNING_ALGORITHMS = frozenset(
    {"RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512"}
)
REQUIRED_CLAIMS = ["iss", "aud", "exp", "iat", "sub"]


class SignedOpenIDConnectAdapter(OpenIDConnectOAuth2Adapter):
    def _decode_id_token(self, app: SocialApp, id_token: str) -> dict:
        try:
            return self._verified_claims(app, id_token)
        except OAuth2Error:
            raise
        except (jwt.PyJWTError, ValueError, TypeError) as error:  # not a token, or not one we accept
            raise OAuth2Error("Invalid id_token") from error

    def _verified_claims(self, app: SocialApp, id_token) -> dict:
        if not isinstance(id_token, str):
            raise OAuth2Error("Invalid id_token: not text")
        header = jwt.get_unverified_header(id_token)
        alg, kid = header.get("alg"), header.get("kid")
        if not isinstance(alg, str) or alg not in SIGNING_ALGORITHMS:
            raise OAuth2Error("Invalid id_token: not signed with a published key's algorithm")
        if not isinstance(kid, str) or not kid:
            raise OAuth2Error("Invalid id_token: names no key")
        published = self._published_key(kid)
        if published is None:
            raise OAuth2Error("Invalid id_token: its key is not one the provider publishes")
        if published.get("alg", alg) != alg:
            raise OAuth2Error("Invalid id_token: signed with another algorithm than its key's")
        key = jwt.PyJWK(published, algorithm=alg).key  # refuses a key of another kind than `alg`
        claims = jwt.decode(
            id_token,
            key=key,
            algorithms=[alg],
            issuer=self.openid_config["issuer"],
            audience=app.client_id,
            options={"require": REQUIRED_CLAIMS, "verify_signature": True},
        )
        if not isinstance(claims.get("sub"), str) or not claims["sub"]:
            raise OAuth2Error("Invalid id_token: no subject")
        jwtkit.verify_jti(claims)
        return claims

    def _published_key(self, kid: str) -> dict | None:
        with get_adapter().get_requests_session() as session:
            response = session.get(self.openid_config["jwks_uri"])
            response.raise_for_status()
            published = response.json()
        keys = published.get("keys") if isinstance(published, dict) else None
        if not isinstance(keys, list):
            raise OAuth2Error("The provider's published keys cannot be read")
        return next((key for key in keys if isinstance(key, dict) and key.get("kid") == kid), None)


@login_not_required
def login(request, provider_id):
    try:
        return OAuth2LoginView.adapter_view(SignedOpenIDConnectAdapter(request, provider_id))(request)
    except SocialApp.DoesNotExist as missing:
        raise Http404 from missing


@login_not_required
def callback(request, provider_id):
    try:
        return OAuth2CallbackView.adapter_view(SignedOpenIDConnectAdapter(request, provider_id))(request)
    except SocialApp.DoesNotExist as missing:
        raise Http404 from missing
