"""The second-factor step of allauth's sign-in, skipped when the organisation's identity provider
asserted that the person passed a second factor there (amr contains "mfa")."""

from allauth.mfa.stages import AuthenticateStage

from equalchance.accounts.sso import matching


class SecondFactorStage(AuthenticateStage):
    def _should_handle(self, request) -> bool:
        if not super()._should_handle(request):
            return False
        sociallogin = (self.login.signal_kwargs or {}).get("sociallogin")
        return not (sociallogin is not None and matching.second_factor_asserted(sociallogin))
