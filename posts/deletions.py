"""An imported post an editor deleted stays deleted: the next import would
otherwise find it in its archive and create it again, published.

Receivers rather than admin hooks, so that every way of deleting a post counts
(the admin's delete and bulk delete, a shell), and every way of bringing one
back (restoring a deleted version with django-reversion, which saves it
directly) lets imports see it again.
"""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone

from posts.models import DeletedImport, Post


@receiver(post_delete, sender=Post, dispatch_uid="posts.deletions.remember")
def remember_deleted_import(sender, instance, **kwargs):
    if instance.import_key:
        DeletedImport.objects.update_or_create(
            import_key=instance.import_key,
            defaults={
                "title": instance.title,
                "source_fingerprint": instance.source_fingerprint or None,
                "deleted_at": timezone.now(),
            },
        )


@receiver(post_save, sender=Post, dispatch_uid="posts.deletions.forget")
def forget_recreated_import(sender, instance, created, **kwargs):
    if created and instance.import_key:
        DeletedImport.objects.filter(import_key=instance.import_key).delete()
