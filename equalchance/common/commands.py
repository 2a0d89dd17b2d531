"""Who the command line acts as: a named user given with `--as USERNAME`, else the system actor. Either
way the work is recorded against someone, never nobody."""

from django.core.management.base import CommandError


def actor_argument_add(parser) -> None:
    parser.add_argument(
        "--as",
        dest="as_user",
        metavar="USERNAME",
        help="Record the work as done by this user (default: the system actor, for automated work)",
    )


def command_actor(username: str | None):
    from equalchance.accounts.models import User
    from equalchance.accounts.services import system_actor

    if not username:
        return system_actor()
    user = User.objects.filter(username=username, is_active=True).first()
    if user is None:
        raise CommandError(f"There is no active user called {username!r} to record this work against.")
    return user
