"""The Editors group and exactly the permissions editors need.

Editors write and publish posts and look after tags; they can read, not change,
the import records. They never manage users, and delete posts only when the
EDITORS_CAN_DELETE_POSTS setting allows it (otherwise they unpublish).
"""

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.db import transaction

EDITORS = "Editors"
EDITOR_PERMISSIONS = (
    "add_post",
    "change_post",
    "view_post",
    "add_tag",
    "change_tag",
    "view_tag",
    "view_importrun",
    "view_importoutcome",
)


def editor_permission_codenames():
    deleting = ("delete_post",) if settings.EDITORS_CAN_DELETE_POSTS else ()
    return EDITOR_PERMISSIONS + deleting


@transaction.atomic
def sync_editors_group():
    """Create the group or reset its permissions; returns (group, created)."""
    codenames = editor_permission_codenames()
    permissions = Permission.objects.filter(
        content_type__app_label="posts", codename__in=codenames
    )
    if len(permissions) != len(codenames):
        raise LookupError("Permissions are missing: run `manage.py migrate` first.")
    group, created = Group.objects.get_or_create(name=EDITORS)
    group.permissions.set(permissions)
    return group, created
