"""Single sign-on with OpenID Connect, end to end against a real provider running on loopback
(django-oauth-toolkit: discovery, the authorisation code flow with PKCE, the token exchange, RS256 ID
tokens whose signature allauth checks against the provider's published keys). A sign-in from the
provider opens an existing account matched by an address the provider vouches for, and nothing else;
a second factor asserted by the provider (amr "mfa") counts as one, otherwise the local one is asked."""

import time
from urllib.parse import parse_qs, urlsplit

import jwt
import pytest
import requests
from allauth.socialaccount.models import SocialAccount, SocialApp
from allauth.socialaccount.providers.oauth2.client import OAuth2Error
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from django.db import connection
from django.test import Client, RequestFactory, override_settings

from equalchance.accounts.models import User
from equalchance.accounts.sso.matching import verified_email
from equalchance.accounts.sso.views import SignedOpenIDConnectAdapter
from equalchance.accounts.tests.conftest import CALLBACK
from equalchance.accounts.tests.factories import totp_code
from equalchance.accounts.tests.journeys import text

pytestmark = pytest.mark.django_db

START = "/accounts/sso/oidc/sign-in/"


@pytest.fixture
def provider(identity_provider, settings):
    settings.SOCIALACCOUNT_PROVIDERS = identity_provider.app()
    settings.OIDC_PROVIDER_NAME = "Test Entra ID"
    return identity_provider


def sso(client, provider, username: str, next_url: str = "/directory/moderation/"):
    """Press the button on the sign-in page, sign in at the provider, and come back."""
    start = client.post(START, {"next": next_url})
    assert start.status_code == 302, text(start)
    authorize = start["Location"]
    callback = provider.sign_in(authorize, username)
    parts = urlsplit(callback)
    return authorize, client.get(f"{parts.path}?{parts.query}")


def test_a_moderator_signs_in_through_the_provider_which_asserted_a_second_factor(
    provider, client, user_with_role, audit_events
):
    mo = user_with_role("moderator", username="mo", email="mo@council.example", second_factor=False)
    page = client.get("/accounts/sign-in/")
    assert "Sign in with Test Entra ID" in text(page)

    authorize, back = sso(client, provider, "mo.idp")
    query = parse_qs(urlsplit(authorize).query)
    assert authorize.startswith(f"{provider.issuer}/authorize/")  # found by discovery
    assert query["code_challenge_method"] == ["S256"] and len(query["code_challenge"][0]) >= 43  # PKCE
    assert query["response_type"] == ["code"] and "openid" in query["scope"][0]
    assert back.status_code == 302 and back["Location"] == "/directory/moderation/", text(back)
    assert client.get("/directory/moderation/").status_code == 200  # no local factor: the provider's counted

    account = SocialAccount.objects.get()
    assert account.user == mo and account.provider == "oidc"
    assert account.extra_data["id_token"]["iss"] == provider.issuer
    assert account.extra_data["id_token"]["amr"] == ["pwd", "mfa"]
    [linked] = audit_events("accounts.sso_link")
    assert linked.object_id == str(mo.pk)
    [signed_in] = audit_events("accounts.sign_in")
    assert signed_in.changes == {"method": "sso", "second_factor": "idp"}
    assert User.objects.count() == 2  # mo and the system actor: nobody was made


def test_without_a_second_factor_at_the_provider_the_local_one_is_asked(provider, client, user_with_role):
    user_with_role("moderator", username="mo", email="mo@council.example")  # with an authenticator app
    _, back = sso(client, provider, "mo.pwd")
    assert back["Location"] == "/accounts/2fa/authenticate/"
    assert client.get("/directory/moderation/").status_code == 302
    assert (
        client.post("/accounts/2fa/authenticate/", {"code": totp_code()})["Location"]
        == "/directory/moderation/"
    )
    assert client.get("/directory/moderation/").status_code == 200

    # The link made on the first sign-in is used the next time, and a moderator with no factor of
    # their own who signs in with a password only at the provider is sent to set one up.
    SocialAccount.objects.update(user=user_with_role("moderator", username="mo2", second_factor=False))
    other = Client()
    _, back = sso(other, provider, "mo.pwd")
    assert back["Location"] == "/directory/moderation/"
    assert other.get("/directory/moderation/")["Location"] == "/accounts/2fa/"


def test_nobody_gets_an_account_by_signing_in_and_unvouched_addresses_are_refused(
    provider, client, user_with_role, audit_events
):
    ada = user_with_role("analyst", username="ada", email="ada@council.example")
    _, refused = sso(client, provider, "sam.idp")  # no account has this address
    assert refused.status_code == 403 and "no Equal Chance account" in text(refused)
    _, refused = sso(Client(), provider, "eve.idp")  # ada's address, but not vouched for
    assert refused.status_code == 403 and "did not confirm your email address" in text(refused)
    assert not SocialAccount.objects.exists()
    assert client.get("/places/districts/").status_code == 302
    assert set(User.objects.values_list("username", flat=True)) == {"ada", "system"}
    whys = [e.changes["why"] for e in audit_events("accounts.sign_in_failed")]
    assert whys == ["sso_no_account", "sso_email_not_verified"]
    stored = str([(e.object_id, e.changes) for e in audit_events("accounts.sign_in_failed")])
    assert "sam@" not in stored and "council.example" not in stored

    _, back = sso(Client(), provider, "ada.idp")  # vouched for, and an account has it
    assert back["Location"] == "/directory/moderation/"
    assert SocialAccount.objects.get().user == ada


def test_an_unconfirmed_self_registered_address_is_not_matched(provider, user_with_role):
    user_with_role("provider", username="sam", email="ada@council.example")  # never confirmed
    _, refused = sso(Client(), provider, "ada.idp")
    assert refused.status_code == 403 and not SocialAccount.objects.exists()


def test_single_sign_on_opens_no_account_when_two_active_accounts_share_the_address(
    provider,
    user_with_role,
    audit_events,
):
    """The defect: with the viewer given a provider's address, SSO with it signed in as the viewer and
    remembered the link. Should the constraint ever be missing, neither account is opened."""
    with connection.cursor() as cursor:  # undone with the test's transaction
        cursor.execute('DROP INDEX "accounts_user_email_unique"')
    user_with_role("provider", username="sam", email="ada@council.example")  # unconfirmed: cannot be opened
    user_with_role("viewer", username="vic", email="ADA@council.example")
    client = Client()
    _, refused = sso(client, provider, "ada.idp")
    assert refused.status_code == 403
    assert not SocialAccount.objects.exists()
    assert client.get("/places/districts/").status_code == 302
    assert [e.changes["why"] for e in audit_events("accounts.sign_in_failed")] == ["sso_ambiguous"]


def test_an_id_token_signed_with_another_key_is_refused_even_from_the_token_endpoint(provider, settings):
    """allauth would skip the signature of a token fetched over TLS; our adapter always checks it."""
    keys = requests.get(f"{provider.issuer}/.well-known/jwks.json", timeout=30).json()["keys"]
    claims = {
        "iss": provider.issuer,
        "aud": provider.client_id,
        "sub": "1",
        "exp": int(time.time()) + 300,
        "iat": int(time.time()),
        "email": "mo@council.example",
        "email_verified": True,
    }
    forger = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    forged = jwt.encode(claims, forger, algorithm="RS256", headers={"kid": keys[0]["kid"]})
    request = RequestFactory().get("/")
    adapter = SignedOpenIDConnectAdapter(request, "oidc")
    adapter.did_fetch_access_token = True
    app = SocialApp(provider="openid_connect", provider_id="oidc", client_id=provider.client_id)
    with pytest.raises(OAuth2Error):
        adapter._decode_id_token(app, forged)


@override_settings(SOCIALACCOUNT_PROVIDERS={"openid_connect": {"APPS": []}})
def test_without_configuration_there_is_no_single_sign_on(client):
    assert "Sign in with" not in text(client.get("/accounts/sign-in/")).replace("Sign in with a passkey", "")
    assert client.post(START).status_code == 404


def test_an_explicit_false_from_entra_refuses_the_address_whatever_email_verified_says(
    provider, user_with_role, audit_events
):
    """The defect: `xms_edov: false` was ignored when `email_verified` was true."""
    user_with_role("analyst", username="ada", email="ada@council.example")
    _, refused = sso(Client(), provider, "ed.idp")
    assert refused.status_code == 403 and "did not confirm your email address" in text(refused)
    assert not SocialAccount.objects.exists()
    assert [e.changes["why"] for e in audit_events("accounts.sign_in_failed")] == ["sso_email_not_verified"]


@pytest.mark.parametrize(
    ("claims", "vouched"),
    [
        ({"email_verified": True}, True),
        ({"xms_edov": True}, True),
        ({"email_verified": "true", "xms_edov": "True"}, True),
        ({"email_verified": True, "xms_edov": False}, False),
        ({"email_verified": True, "xms_edov": "false"}, False),
        ({"email_verified": False, "xms_edov": True}, False),
        ({"email_verified": True, "xms_edov": None}, False),
        ({"email_verified": "yes"}, False),
        ({}, False),
    ],
)
def test_an_address_is_vouched_for_only_when_no_claim_says_otherwise(claims, vouched):
    assert (verified_email({"email": "ada@council.example", **claims}) is not None) is vouched


def provider_claims(provider, **changes) -> dict:
    now = int(time.time())
    claims = {
        "iss": provider.issuer,
        "aud": provider.client_id,
        "sub": "forged-1",
        "exp": now + 300,
        "iat": now,
        "email": "mo@council.example",
        "email_verified": True,
        "amr": ["pwd", "mfa"],
    }
    claims.update(changes)
    return {k: v for k, v in claims.items() if v is not None}


def raw_token(header: dict, claims: dict) -> str:
    """A token with a header no library would write, and a signature of nothing."""
    import base64
    import json

    def part(data: bytes) -> str:
        return base64.urlsafe_b64encode(data).rstrip(b"=").decode()

    return ".".join([part(json.dumps(header).encode()), part(json.dumps(claims).encode()), part(b"sig")])


def bad_tokens(provider) -> dict[str, str]:
    """ID tokens that must all be refused alike: unsigned, signed with the wrong kind of key, naming no
    key or a key the provider does not publish, and not a token at all."""
    kid = requests.get(f"{provider.issuer}/.well-known/jwks.json", timeout=30).json()["keys"][0]["kid"]
    claims = provider_claims(provider)
    forger = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    real = provider.private_key
    return {
        "alg none": jwt.encode(claims, None, algorithm="none", headers={"kid": kid}),
        "alg none without a kid": jwt.encode(claims, None, algorithm="none"),
        "HS256 with the client secret": jwt.encode(
            claims, provider.secret, algorithm="HS256", headers={"kid": kid}
        ),
        "HS256 without a kid": jwt.encode(claims, provider.secret, algorithm="HS256"),
        "missing kid": jwt.encode(claims, real, algorithm="RS256"),
        "kid that is not text": raw_token({"alg": "RS256", "kid": 7}, claims),
        "alg that is not text": raw_token({"alg": ["RS256"], "kid": kid}, claims),
        "unknown kid": jwt.encode(claims, real, algorithm="RS256", headers={"kid": "not-a-published-key"}),
        "another key under the published kid": jwt.encode(
            claims, forger, algorithm="RS256", headers={"kid": kid}
        ),
        "PS256 under an RS256 key": jwt.encode(claims, real, algorithm="PS256", headers={"kid": kid}),
        "ES256 under an RS256 key": jwt.encode(
            claims, ec.generate_private_key(ec.SECP256R1()), algorithm="ES256", headers={"kid": kid}
        ),
        "no subject": jwt.encode(
            provider_claims(provider, sub=None), real, algorithm="RS256", headers={"kid": kid}
        ),
        "expired": jwt.encode(
            provider_claims(provider, exp=int(time.time()) - 60),
            real,
            algorithm="RS256",
            headers={"kid": kid},
        ),
        "for another client": jwt.encode(
            provider_claims(provider, aud="someone-else"), real, algorithm="RS256", headers={"kid": kid}
        ),
        "garbage": "not-a-token",
        "three parts of garbage": "e30.bm90LWpzb24.c2ln",
        "a header that is a list": "WyJhIl0.e30.c2ln",
        "empty": "",
    }


def test_every_malformed_or_wrongly_signed_id_token_is_refused_by_the_adapter(provider):
    """The defects: `alg: none` and HS256 raised KeyError or TypeError (a server error)."""
    app = SocialApp(provider="openid_connect", provider_id="oidc", client_id=provider.client_id)
    for why, token in bad_tokens(provider).items():
        adapter = SignedOpenIDConnectAdapter(RequestFactory().get("/"), "oidc")
        adapter.did_fetch_access_token = True
        with pytest.raises(OAuth2Error):
            adapter._decode_id_token(app, token)
            pytest.fail(f"accepted: {why}")
    good = jwt.encode(
        provider_claims(provider),
        provider.private_key,
        algorithm="RS256",
        headers={
            "kid": requests.get(f"{provider.issuer}/.well-known/jwks.json", timeout=30).json()["keys"][0][
                "kid"
            ]
        },
    )
    assert adapter._decode_id_token(app, good)["sub"] == "forged-1"  # the provider's own key: accepted


def test_the_callback_refuses_every_bad_id_token_the_same_way(
    provider, user_with_role, monkeypatch, audit_events
):
    user_with_role("moderator", username="mo", email="mo@council.example", second_factor=False)
    tokens = bad_tokens(provider)
    pages = set()
    for why, token in tokens.items():
        monkeypatch.setattr(
            SignedOpenIDConnectAdapter,
            "get_access_token_data",
            lambda self, request, app, client, token=token, **kwargs: {
                "access_token": "an-access-token",
                "token_type": "Bearer",
                "id_token": token,
            },
        )
        client = Client()
        start = client.post(START, {"next": "/directory/moderation/"})
        state = parse_qs(urlsplit(start["Location"]).query)["state"][0]
        back = client.get(f"{urlsplit(CALLBACK).path}?code=a-code&state={state}")
        assert back.status_code == 401, (why, back.status_code)
        pages.add(text(back).replace(state, ""))
        assert client.get("/directory/moderation/").status_code == 302, why  # not signed in
    assert len(pages) == 1 and "did not work" in pages.pop()
    assert not SocialAccount.objects.exists()
    assert audit_events("accounts.sign_in") == []
    assert len(audit_events("accounts.sign_in_failed")) == len(tokens)


def signed(provider, **changes) -> str:
    """An ID token signed with the provider's own published key."""
    kid = requests.get(f"{provider.issuer}/.well-known/jwks.json", timeout=30).json()["keys"][0]["kid"]
    return jwt.encode(
        provider_claims(provider, **changes), provider.private_key, algorithm="RS256", headers={"kid": kid}
    )


def come_back_with(client, monkeypatch, token_response: dict, userinfo: dict | None = None):
    """Press the button, then come back to the callback as if the provider's token endpoint had answered
    `token_response` (and its userinfo endpoint `userinfo`). Returns the authorisation request's query
    and the callback's response."""
    monkeypatch.setattr(
        SignedOpenIDConnectAdapter,
        "get_access_token_data",
        lambda self, request, app, client, **kwargs: dict(token_response),
    )
    fetched = []

    def fetch_user_info(self, access_token):
        fetched.append(access_token)
        return dict(userinfo or {})

    monkeypatch.setattr(SignedOpenIDConnectAdapter, "_fetch_user_info", fetch_user_info)
    start = client.post(START, {"next": "/directory/moderation/"})
    query = parse_qs(urlsplit(start["Location"]).query)
    back = client.get(f"{urlsplit(CALLBACK).path}?code=a-code&state={query['state'][0]}")
    return query, back, fetched


def assert_refused_and_nothing_written(client, back, audit_events, refusals: int = 1):
    assert back.status_code == 401, back.status_code
    assert "did not work" in text(back)
    assert client.get("/directory/moderation/").status_code == 302  # not signed in
    assert not SocialAccount.objects.exists()
    assert audit_events("accounts.sign_in") == [] and audit_events("accounts.sso_link") == []
    assert len(audit_events("accounts.sign_in_failed")) == refusals


@pytest.mark.parametrize("id_token", [None, "", 0, {}])
def test_a_token_response_without_an_id_token_is_refused_and_userinfo_is_never_trusted(
    provider, user_with_role, monkeypatch, audit_events, id_token
):
    """The defect: with no (or an empty) id_token, allauth fetched userinfo despite fetch_userinfo
    False and signed in on its unsigned claims, opening the analyst's account."""
    user_with_role("analyst", username="ana", email="analyst@example.org", second_factor=False)
    response = {"access_token": "an-access-token", "token_type": "Bearer"}
    if id_token is not None:
        response["id_token"] = id_token
    userinfo = {"sub": "probe-1", "email": "analyst@example.org", "email_verified": True, "amr": ["mfa"]}
    client = Client()
    _, back, fetched = come_back_with(client, monkeypatch, response, userinfo)
    assert fetched == []  # the userinfo endpoint was not even asked
    assert_refused_and_nothing_written(client, back, audit_events)


def test_a_userinfo_without_a_subject_and_no_id_token_is_a_refusal_not_a_server_error(
    provider, user_with_role, monkeypatch, audit_events
):
    """The defect: KeyError 'sub' (a 500)."""
    user_with_role("analyst", username="ana", email="analyst@example.org", second_factor=False)
    client = Client()
    response = {"access_token": "an-access-token", "token_type": "Bearer", "id_token": ""}
    _, back, _ = come_back_with(client, monkeypatch, response, {"email": "analyst@example.org"})
    assert_refused_and_nothing_written(client, back, audit_events)


def test_the_authorisation_request_carries_a_fresh_nonce_which_the_real_provider_returns(
    provider, user_with_role
):
    mo = user_with_role("moderator", username="mo", email="mo@council.example", second_factor=False)
    first, back = sso(Client(), provider, "mo.idp")
    assert back["Location"] == "/directory/moderation/"
    nonce = parse_qs(urlsplit(first).query)["nonce"][0]
    assert len(nonce) >= 32
    account = SocialAccount.objects.get()
    assert account.user == mo and account.extra_data["id_token"]["nonce"] == nonce
    second = Client().post(START, {"next": "/"})["Location"]
    assert parse_qs(urlsplit(second).query)["nonce"][0] != nonce  # one per sign-in


@pytest.mark.parametrize("nonce", ["wrong", None, "", 7])
def test_an_id_token_whose_nonce_is_missing_or_not_this_sign_ins_is_refused(
    provider, user_with_role, monkeypatch, audit_events, nonce
):
    """The defect: a validly signed token with `"nonce": "wrong"`, or none, signed in."""
    user_with_role("moderator", username="mo", email="mo@council.example", second_factor=False)
    response = {
        "access_token": "an-access-token",
        "token_type": "Bearer",
        "id_token": signed(provider, nonce=nonce),
    }
    client = Client()
    _, back, _ = come_back_with(client, monkeypatch, response)
    assert_refused_and_nothing_written(client, back, audit_events)


def test_an_id_token_for_another_sign_in_of_the_same_browser_is_refused(
    provider, user_with_role, monkeypatch, audit_events
):
    """A token carrying the nonce of an earlier authorisation request is not this sign-in's."""
    user_with_role("moderator", username="mo", email="mo@council.example", second_factor=False)
    client = Client()
    earlier = parse_qs(urlsplit(client.post(START, {"next": "/"})["Location"]).query)["nonce"][0]
    response = {
        "access_token": "an-access-token",
        "token_type": "Bearer",
        "id_token": signed(provider, nonce=earlier),
    }
    _, back, _ = come_back_with(client, monkeypatch, response)
    assert_refused_and_nothing_written(client, back, audit_events)


def test_a_signed_id_token_with_this_sign_ins_nonce_signs_in(provider, user_with_role, monkeypatch):
    """The control for the refusals above: the same path, with the right nonce, opens the account."""
    mo = user_with_role("moderator", username="mo", email="mo@council.example", second_factor=False)
    client = Client()
    monkeypatch.setattr(
        SignedOpenIDConnectAdapter,
        "get_access_token_data",
        lambda self, request, app, client, **kwargs: {
            "access_token": "an-access-token",
            "token_type": "Bearer",
            "id_token": signed(provider, nonce=nonce_of[0]),
        },
    )
    start = client.post(START, {"next": "/directory/moderation/"})
    query = parse_qs(urlsplit(start["Location"]).query)
    nonce_of = [query["nonce"][0]]
    back = client.get(f"{urlsplit(CALLBACK).path}?code=a-code&state={query['state'][0]}")
    assert back.status_code == 302 and back["Location"] == "/directory/moderation/", text(back)
    assert SocialAccount.objects.get().user == mo


def test_a_subject_longer_than_can_be_stored_is_a_refusal_not_a_server_error(
    provider, user_with_role, monkeypatch, audit_events
):
    """The defect: ImproperlyConfigured "SOCIALACCOUNT_UID_MAX_LENGTH too small" (a 500)."""
    user_with_role("moderator", username="mo", email="mo@council.example", second_factor=False)
    client = Client()
    monkeypatch.setattr(
        SignedOpenIDConnectAdapter,
        "get_access_token_data",
        lambda self, request, app, client, **kwargs: {
            "access_token": "an-access-token",
            "token_type": "Bearer",
            "id_token": signed(provider, sub="s" * 192, nonce=nonce_of[0]),
        },
    )
    start = client.post(START, {"next": "/directory/moderation/"})
    query = parse_qs(urlsplit(start["Location"]).query)
    nonce_of = [query["nonce"][0]]
    back = client.get(f"{urlsplit(CALLBACK).path}?code=a-code&state={query['state'][0]}")
    assert_refused_and_nothing_written(client, back, audit_events)
