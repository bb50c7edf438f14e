"""The editorial admin: posts, tags and import runs (see README, "Editors")."""

from django.conf import settings
from django.contrib import admin
from taggit.models import Tag as TaggitTag

from posts.admin import import_admin, post_admin, tag_admin  # noqa: F401

# posts.Tag replaces taggit's own Tag model, which stays empty; listing it
# beside ours would only confuse.
if admin.site.is_registered(TaggitTag):
    admin.site.unregister(TaggitTag)

# Editors work in the site's own admin, not "Django administration".
admin.site.site_header = admin.site.site_title = f"{settings.SITE_NAME} editors"
admin.site.index_title = "Posts, tags and imports"
# No navigation sidebar: it repeats the home page's four links and takes 300 of
# a 1280-pixel window's width, which cut the post list's last columns off.
admin.site.enable_nav_sidebar = False
