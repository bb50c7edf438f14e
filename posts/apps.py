from django.apps import AppConfig
from django.db.models.signals import post_migrate


class PostsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "posts"
    # The admin lists posts, tags and imports under it: "Blog › Posts", not
    # "Posts › Posts".
    verbose_name = "Blog"

    def ready(self):
        # Connects the receivers that keep old post and tag URLs working, old
        # tag names leading to their tags, and imported posts an editor
        # deleted from coming back.
        from posts import aliases, deletions, redirects  # noqa: F401
        from posts.cache import watch_content_changes
        from posts.sites import sync_site

        post_migrate.connect(sync_site, sender=self, dispatch_uid="posts.sync_site")
        watch_content_changes()
