import pytest


@pytest.fixture
def audit_events():
    """The audit events of an action, oldest first: `audit_events("accounts.sign_in")`."""
    from equalchance.audit.models import AuditEvent

    def events(action: str):
        return list(AuditEvent.objects.filter(action=action).order_by("id"))

    return events


# The people the test identity provider knows (its own usernames and passwords).
IDP_PEOPLE = {
    # Passed a second factor at the provider: amr contains "mfa".
    "mo.idp": {
        "password": "idp-password-1",
        "email": "Mo@Council.example",
        "email_verified": True,
        "amr": ["pwd", "mfa"],
    },
    # A password only.
    "mo.pwd": {
        "password": "idp-password-2",
        "email": "mo@council.example",
        "email_verified": True,
        "amr": ["pwd"],
    },
    "ada.idp": {
        "password": "idp-password-3",
        "email": "ada@council.example",
        "email_verified": True,
        "amr": ["pwd"],
    },
    # An address the provider does not vouch for.
    "eve.idp": {
        "password": "idp-password-4",
        "email": "ada@council.example",
        "email_verified": False,
        "amr": ["pwd", "mfa"],
    },
    # Entra ID's own claim says the address's domain is not verified by the tenant (xms_edov false),
    # whatever email_verified says.
    "ed.idp": {
        "password": "idp-password-6",
        "email": "ada@council.example",
        "email_verified": True,
        "xms_edov": False,
        "amr": ["pwd", "mfa"],
    },
    # Nobody in Equal Chance has this address.
    "sam.idp": {
        "password": "idp-password-5",
        "email": "sam@elsewhere.example",
        "email_verified": True,
        "amr": ["pwd", "mfa"],
    },
}
IDP_CLIENT = ("equal-chance-test-client", "equal-chance-test-secret-0123456789")
CALLBACK = "http://testserver/accounts/sso/oidc/sign-in/callback/"


class IdentityProvider:
    def __init__(self, base: str, private_key=None):
        self.base = base
        self.private_key = private_key  # the provider's signing key, for tests that forge its tokens
        self.issuer = f"{base}/o"
        self.client_id, self.secret = IDP_CLIENT

    def app(self, name: str = "Test Entra ID") -> dict:
        """The product's settings for this provider, as OIDC_* in the environment would make them."""
        return {
            "openid_connect": {
                "provider_class": "equalchance.accounts.sso.provider.SignedOpenIDConnectProvider",
                "OAUTH_PKCE_ENABLED": True,
                "APPS": [
                    {
                        "provider_id": "oidc",
                        "name": name,
                        "client_id": self.client_id,
                        "secret": self.secret,
                        "settings": {
                            "server_url": self.issuer,
                            "oauth_pkce_enabled": True,
                            "fetch_userinfo": False,
                        },
                    }
                ],
            }
        }

    def sign_in(self, authorize_url: str, username: str) -> str:
        """Be the person's browser at the provider: open the authorisation request, sign in there, and
        return the address the provider sends the browser back to (the product's callback)."""
        import requests

        browser = requests.Session()
        url = authorize_url
        for _ in range(10):
            response = browser.get(url, allow_redirects=False, timeout=30)
            if response.status_code != 302:
                break
            url = requests.compat.urljoin(url, response.headers["Location"])
            if url.startswith("http://testserver/"):
                return url
        assert "<form" in response.text, response.text[:500]  # the provider's own sign-in page
        response = browser.post(
            url,
            data={"username": username, "password": IDP_PEOPLE[username]["password"]},
            allow_redirects=False,
            timeout=30,
        )
        assert response.status_code == 302, response.text[:500]
        url = requests.compat.urljoin(self.base, response.headers["Location"])
        for _ in range(10):
            if url.startswith("http://testserver/"):
                return url
            response = browser.get(url, allow_redirects=False, timeout=30)
            assert response.status_code == 302, (response.status_code, response.text[:500])
            url = requests.compat.urljoin(url, response.headers["Location"])
        raise AssertionError("The provider never sent the browser back")


@pytest.fixture(scope="session")
def identity_provider(tmp_path_factory):
    """A real OpenID Connect provider (django-oauth-toolkit) running on loopback for the session."""
    import json
    import os
    import socket
    import subprocess
    import sys

    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {
        **{k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")},
        "IDP_DATABASE": str(tmp_path_factory.mktemp("idp") / "idp.sqlite3"),
        "IDP_PRIVATE_KEY": pem,
        "IDP_PEOPLE": json.dumps(IDP_PEOPLE),
    }
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "equalchance.accounts.tests.oidc_provider.serve",
            str(port),
            *IDP_CLIENT,
            CALLBACK,
        ],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    line = process.stdout.readline()
    if line.strip() != "ready":
        process.kill()
        raise RuntimeError("The test identity provider did not start: " + process.stderr.read())
    yield IdentityProvider(f"http://127.0.0.1:{port}", private_key=key)
    process.terminate()
    process.wait(timeout=10)
