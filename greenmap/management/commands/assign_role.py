from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from rest_framework.authtoken.models import Token

from greenmap.roles import MODERATOR, ROLE_PERMISSIONS, ensure_roles


class Command(BaseCommand):
    help = ("Create the role groups (gardener, volunteer, moderator) with their permissions and, given a user "
            "and a role, put the user in it. Moderators also get staff status (the admin, reporters' contacts).")

    def add_arguments(self, parser):
        parser.add_argument("username", nargs="?", help="the user to assign; without it only the groups are made")
        parser.add_argument("role", nargs="?", help=f"one of {', '.join(ROLE_PERMISSIONS)}")
        parser.add_argument("--remove", action="store_true", help="take the role away instead")
        parser.add_argument("--token", action="store_true", help="print the user's API token (made if missing)")

    @transaction.atomic
    def handle(self, *args, username, role, remove, token, **options):
        if username and not role:
            raise CommandError(f"give a role for {username}: one of {', '.join(ROLE_PERMISSIONS)}")
        if role and role not in ROLE_PERMISSIONS:
            raise CommandError(f"unknown role {role!r}; one of {', '.join(ROLE_PERMISSIONS)}")
        groups = ensure_roles()
        if not username:
            for name, group in groups.items():
                self.stdout.write(f"{name}: {group.permissions.count()} permissions, {group.user_set.count()} users")
            return
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"there is no user {username!r}; create it first (manage.py createsuperuser, or the "
                               "admin)")
        self._assign(user, role, groups[role], remove=remove)
        if token:
            self.stdout.write(f"token: {Token.objects.get_or_create(user=user)[0].key}")

    def _assign(self, user, role, group, *, remove):
        if remove:
            user.groups.remove(group)
        else:
            user.groups.add(group)
        if role == MODERATOR and not user.is_superuser:
            user.is_staff = not remove
            user.save(update_fields=["is_staff"])
        roles = ", ".join(sorted(user.groups.values_list("name", flat=True))) or "none"
        self.stdout.write(self.style.SUCCESS(f"{user.username}: {'removed from' if remove else 'now in'} {role}; "
                                             f"roles: {roles}"))
