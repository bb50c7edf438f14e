from django.views.generic import DetailView, ListView

from posts.models import Post


class PublishedPostsMixin:
    """Readers only ever see published posts (see PostQuerySet.published)."""

    def get_queryset(self):
        return Post.objects.published().prefetch_related("tags")


class PostListView(PublishedPostsMixin, ListView):
    paginate_by = 20


class PostDetailView(PublishedPostsMixin, DetailView):
    pass
