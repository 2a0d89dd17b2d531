"""A real OpenID Connect provider for the single sign-on tests: a small Django project using
django-oauth-toolkit (OIDC, RS256-signed ID tokens, PKCE required), run in its own process on loopback
by `serve.py`. It stands in for Microsoft Entra ID: the people it knows, their addresses, whether it
vouches for those, and whether they passed a second factor there (the `amr` claim), come from the
environment."""
