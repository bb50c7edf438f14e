from django.apps import AppConfig


class PostsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "posts"
    verbose_name = "Posts"

    def ready(self):
        from posts.cache import watch_content_changes

        watch_content_changes()
