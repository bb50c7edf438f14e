"""The sites framework's Site follows the settings, so absolute links are right.

Feeds, the sitemap and the redirects all take the host name from the Site row
(SITE_ID); left alone it says "example.com". Settings are the one place where
a deployment names its host, so every `migrate` copies them into that row.
"""

from django.conf import settings


def sync_site(sender, using="default", **kwargs):
    """post_migrate receiver: make the current Site match SITE_DOMAIN/SITE_NAME."""
    from django.contrib.sites.models import Site

    Site.objects.using(using).update_or_create(
        pk=settings.SITE_ID,
        defaults={"domain": settings.SITE_DOMAIN, "name": settings.SITE_NAME},
    )
