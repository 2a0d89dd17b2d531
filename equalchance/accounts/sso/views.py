"""The provider's sign-in and callback views, as allauth's, with the signature-checking adapter.

A sign-in needs a signed ID token: a token response without one (or with an empty one) is refused,
never made up for by the userinfo endpoint, whose claims nobody signed; the identity (`sub`), the
address and the other claims come from the verified ID token only. The token must carry the nonce
sent in this browser's authorisation request (kept in the sign-in's state), so a token issued for
another sign-in cannot be replayed into this one. A subject longer than allauth can store is refused
too, rather than failing.

An ID token is accepted only when it is signed with a public-key algorithm by a key the provider
publishes (`jwks_uri`), named by the token's `kid`, of the kind that key is for; and it is for this
client, from this issuer, not expired, and names its subject. Anything else (unsigned, `alg: none`,
HS256 signed with the client secret, no `kid` or one not published, a header or body that is not
JSON, not a token at all) raises `OAuth2Error`, which allauth's callback turns into the same refusal
page (401) as a bad signature, and which is counted as a failed sign-in."""

import jwt
from allauth.socialaccount import app_settings
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
# Where the nonce sent in the authorisation request is kept, in allauth's state for the sign-in.
NONCE_STATE_KEY = "oidc_nonce"


class SignedOpenIDConnectAdapter(OpenIDConnectOAuth2Adapter):
    # The nonce this browser's authorisation request carried; set by the callback view from the
    # sign-in's state. None (no state, or a state without one) refuses every token.
    expected_nonce: str | None = None

    def get_access_token_data(self, request, app, client, pkce_code_verifier=None):
        data = super().get_access_token_data(request, app, client, pkce_code_verifier=pkce_code_verifier)
        if not isinstance(data, dict):
            raise OAuth2Error("The token response is not a JSON object")
        return data

    def complete_login(self, request, app, token, **kwargs):
        """The sign-in the verified ID token describes, and nothing else: no userinfo is fetched,
        whatever `fetch_userinfo` says, so no unsigned claim can name or vouch for anyone."""
        response = kwargs.get("response")
        id_token = response.get("id_token") if isinstance(response, dict) else None
        if not id_token:
            raise OAuth2Error("No id_token in the token response")
        claims = self._decode_id_token(app, id_token)
        nonce = claims.get("nonce")
        if not self.expected_nonce or not isinstance(nonce, str) or nonce != self.expected_nonce:
            raise OAuth2Error("Invalid id_token: its nonce is not this sign-in's")
        if len(claims["sub"]) > app_settings.UID_MAX_LENGTH:
            raise OAuth2Error("Invalid id_token: its subject is too long")
        try:
            return self.get_provider().sociallogin_from_response(request, {"id_token": claims})
        except (KeyError, ValueError, TypeError) as error:  # e.g. a `uid_field` the token lacks
            raise OAuth2Error("Invalid id_token: it does not name its subject") from error

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


class NonceCheckingCallbackView(OAuth2CallbackView):
    """allauth's callback, handing the nonce kept in the sign-in's state to the adapter."""

    def _get_state(self, request, provider):
        state, response = super()._get_state(request, provider)
        nonce = state.get(NONCE_STATE_KEY) if isinstance(state, dict) else None
        self.adapter.expected_nonce = nonce if isinstance(nonce, str) and nonce else None
        return state, response


@login_not_required
def login(request, provider_id):
    try:
        return OAuth2LoginView.adapter_view(SignedOpenIDConnectAdapter(request, provider_id))(request)
    except SocialApp.DoesNotExist as missing:
        raise Http404 from missing


@login_not_required
def callback(request, provider_id):
    try:
        adapter = SignedOpenIDConnectAdapter(request, provider_id)
        return NonceCheckingCallbackView.adapter_view(adapter)(request)
    except SocialApp.DoesNotExist as missing:
        raise Http404 from missing
