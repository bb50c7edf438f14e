from django.apps import AppConfig


class PostsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "posts"
    verbose_name = "Posts"

    def ready(self):
        # Connects the receivers that keep old post and tag URLs working.
        from posts import redirects  # noqa: F401
