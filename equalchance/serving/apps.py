from django.apps import AppConfig


class ServingConfig(AppConfig):
    name = "equalchance.serving"
    verbose_name = "Serving: the web server, health check, request log and security headers"

    def ready(self):
        from django.core import checks

        from equalchance.serving.demo_accounts import demo_accounts_check

        checks.register(demo_accounts_check, checks.Tags.security, deploy=True)
