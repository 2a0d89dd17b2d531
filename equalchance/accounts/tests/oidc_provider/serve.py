"""Run the test identity provider: `python -m equalchance.accounts.tests.oidc_provider.serve PORT
CLIENT_ID CLIENT_SECRET REDIRECT_URI`, with IDP_DATABASE, IDP_PRIVATE_KEY and IDP_PEOPLE in the
environment. Migrates its own SQLite database, registers the client and the people, prints "ready",
then serves on 127.0.0.1 until it is stopped."""

import os
import sys
from socketserver import ThreadingMixIn
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server


class QuietHandler(WSGIRequestHandler):
    def log_message(self, format, *args):
        pass


class ThreadingServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True


def main(port: str, client_id: str, client_secret: str, redirect_uri: str) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "equalchance.accounts.tests.oidc_provider.settings"
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth.models import User
    from django.core.management import call_command
    from django.core.wsgi import get_wsgi_application
    from oauth2_provider.models import Application

    call_command("migrate", verbosity=0)
    for username, person in settings.PEOPLE.items():
        User.objects.create_user(username=username, password=person["password"])
    Application.objects.create(
        name="Equal Chance",
        client_id=client_id,
        client_secret=client_secret,
        client_type=Application.CLIENT_CONFIDENTIAL,
        authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE,
        redirect_uris=redirect_uri,
        algorithm=Application.RS256_ALGORITHM,
        skip_authorization=True,
    )
    server = make_server(
        "127.0.0.1",
        int(port),
        get_wsgi_application(),
        server_class=ThreadingServer,
        handler_class=QuietHandler,
    )
    print("ready", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main(*sys.argv[1:])
