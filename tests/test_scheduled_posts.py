"""Scheduled publishing needs no background job: the date decides."""

from datetime import timedelta
from unittest import mock

from django.utils import timezone

from posts.models import Post


def test_readers_see_a_scheduled_post_only_from_its_publication_time(client, make_post):
    moment = timezone.now() + timedelta(hours=2)
    post = make_post("Tomorrow news", published_at=moment)

    before = client.get(post.get_absolute_url())
    with mock.patch("django.utils.timezone.now", return_value=moment):
        after = client.get(post.get_absolute_url())

    assert before.status_code == 404
    assert after.status_code == 200
    assert "Tomorrow news" in after.text


def test_published_queryset_hides_drafts_and_future_posts(make_post):
    now = timezone.now()
    make_post("Past", published_at=now - timedelta(days=1))
    make_post("Undated")
    make_post("Future", published_at=now + timedelta(days=1))
    make_post("Draft", status=Post.Status.DRAFT, published_at=now - timedelta(days=1))

    titles = set(Post.objects.published().values_list("title", flat=True))

    assert titles == {"Past", "Undated"}
