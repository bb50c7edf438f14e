"""Create the Editors group, or reset its permissions to exactly what editors
need (see posts/roles.py). Safe to run again at any time, for instance after
changing EDITORS_CAN_DELETE_POSTS."""

from django.core.management.base import BaseCommand, CommandError

from posts.roles import editor_permission_codenames, sync_editors_group


class Command(BaseCommand):
    help = "Create or update the Editors group and its permissions."

    def handle(self, *args, **options):
        try:
            group, created = sync_editors_group()
        except LookupError as error:
            raise CommandError(str(error)) from error
        if options["verbosity"] > 0:
            verb = "Created" if created else "Updated"
            permissions = ", ".join(editor_permission_codenames())
            self.stdout.write(
                self.style.SUCCESS(f"{verb} group “{group}”: {permissions}.")
            )
