import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "equalchance.config.settings")
application = get_wsgi_application()

from equalchance.serving.settle import settle  # noqa: E402 (needs the apps loaded above)

settle()  # in each worker, before its first request
