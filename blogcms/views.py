import logging

from django.db import DatabaseError, connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.templatetags.static import static
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from django.views.generic import ListView

from posts.models import Post

logger = logging.getLogger(__name__)


@never_cache
@require_safe
def healthz(request):
    """For load balancers: 200 when this server can reach its database, else 503."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        logger.exception("Health check: the database is unreachable")
        return JsonResponse({"status": "error", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok"})


def favicon(request):
    """Browsers ask for /favicon.ico on every page, the admin's included."""
    return redirect(static("favicon.svg"), permanent=True)


def minimal(request):
    """The benchmark's ceiling: a trivial page through the whole middleware stack.

    Routed only when settings.BENCH is on (see bench/serve_bench.py).
    """
    return HttpResponse("<!doctype html><title>minimal</title><p>minimal</p>")


class BareListView(ListView):
    """The benchmark's floor for a list page: Django's own ListView and
    template engine showing ten published posts (one query; title, link and
    date each), with none of the site's layout, tags, filters or pagination.
    What the site's lists cost beyond it is theirs. Routed as `minimal` is."""

    template_name = "bench/bare_list.html"

    def get_queryset(self):
        return Post.objects.published().only("title", "slug", "published_at")[:10]
