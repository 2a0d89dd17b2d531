"""Single sign-on through OpenID Connect (Microsoft Entra ID, or any conforming provider): allauth's
`openid_connect` provider with the ID token's signature always checked, and the rules for which
account a sign-in from the provider opens (`accounts.sso.matching`)."""
