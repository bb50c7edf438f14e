"""Template filters and tags for the public site."""

from django import template
from django.conf import settings
from django.contrib.sites.shortcuts import get_current_site
from django.utils.encoding import escape_uri_path

register = template.Library()

WORDS_PER_MINUTE = 200


@register.filter
def reading_time(body):
    """Minutes an average reader takes over the body (at least one)."""
    return max(1, round(len(body.split()) / WORDS_PER_MINUTE))


@register.simple_tag(takes_context=True)
def absolute_url(context, path):
    """`path` on the site's public host (the sites framework's current Site),
    percent-encoded as the sitemap and feeds write it (a tag's slug may hold
    accented letters)."""
    request = context["request"]
    domain = get_current_site(request).domain
    return f"{request.scheme}://{domain}{escape_uri_path(path)}"


# Tags rather than a context processor, so that the 500 page (rendered without
# a request or context processors) still names the site.
@register.simple_tag
def site_name():
    return settings.SITE_NAME


@register.simple_tag
def site_description():
    return settings.SITE_DESCRIPTION
