from contextlib import nullcontext

from django.contrib import admin, messages
from django.contrib.admin.utils import quote, unquote
from django.contrib.admin.widgets import (
    AutocompleteSelectMultiple,
    RelatedFieldWidgetWrapper,
)
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models.signals import (
    m2m_changed,
    post_delete,
    post_save,
    pre_delete,
    pre_save,
)
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.defaultfilters import pluralize
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.formats import localize
from django.utils.html import format_html
from django.utils.text import get_text_list
from django.utils.timezone import template_localtime
from reversion.admin import VersionAdmin
from reversion.models import Version
from reversion.revisions import set_comment
from reversion.utils import mute_signals

from posts import editing
from posts.admin.actions import CheckedSelectionMixin
from posts.admin.filters import (
    CalendarBoundMixin,
    SourceFileFilter,
    StatusFilter,
    TagFilter,
    YearFilter,
)
from posts.admin.forms import (
    TAG_GONE_MESSAGE,
    PostActionForm,
    PostAdminForm,
    TagsField,
    local_time,
    locked_post,
    posts_count,
)
from posts.models import Post, Tag
from posts.rendering import render_markdown
from posts.restoring import clash, lost_tags, restore_post
from posts.snapshots import (
    CONTENT_FIELDS,
    differences,
    post_state,
    version_state,
)
from posts.tagging import tag_names_typed

# What django-reversion mutes while showing a version.
MODEL_SIGNALS = (pre_save, post_save, pre_delete, post_delete, m2m_changed)


class _RolledBack(Exception):
    """Undoes a restore that was only shown, or whose form was refused."""

    def __init__(self, response):
        super().__init__()
        self.response = response


@admin.register(Post)
class PostAdmin(CheckedSelectionMixin, CalendarBoundMixin, VersionAdmin):
    form = PostAdminForm
    action_form = PostActionForm
    list_display = (
        "title",
        "publication",
        "published_at",
        "tag_list",
        "needs_review",
        "source",
        "edited",
    )
    list_filter = (
        StatusFilter,
        TagFilter,
        YearFilter,
        "needs_review",
        SourceFileFilter,
        "edited_since_import",
    )
    search_fields = ("title", "body")
    date_hierarchy = "published_at"
    # No `ordering` here: Post.Meta's applies (newest first, undated last).
    list_per_page = 50
    prepopulated_fields = {"slug": ("title",)}
    readonly_fields = (
        "readers_see_it",
        "source",
        "import_outcomes",
        "source_fingerprint",
        "content_fingerprint",
        "last_imported_at",
        "edited_since_import",
        "created_at",
        "updated_at",
    )
    fieldsets = (
        (None, {"fields": ("title", "slug", "body", "edit_token")}),
        (
            "Publication",
            {"fields": ("readers_see_it", "status", "published_at", "tags")},
        ),
        ("Review", {"fields": ("needs_review", "edited_since_import")}),
        (
            "Import provenance",
            {
                "classes": ("collapse",),
                "fields": (
                    "source",
                    "import_outcomes",
                    "source_fingerprint",
                    "content_fingerprint",
                    "last_imported_at",
                    "created_at",
                    "updated_at",
                ),
            },
        ),
    )
    actions = ("publish", "unpublish", "add_tag", "remove_tag", "mark_reviewed")
    revision_form_template = "admin/posts/post/revision_form.html"
    # django-reversion's list (with "Recover deleted posts"), and the admin's
    # own few styles.
    change_list_template = "admin/posts/post/change_list.html"

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("tags")

    # Columns.

    @admin.display(description="status", ordering="status")
    def publication(self, post):
        if post.is_scheduled:
            return "Scheduled"
        return post.get_status_display()

    @admin.display(description="readers see it")
    def readers_see_it(self, post):
        """Whether readers see the post as saved, and since or until when: the
        status alone says "Published" of a post scheduled for later."""
        if post.is_scheduled:
            return f"Not yet: scheduled for {local_time(post.published_at)}"
        if post.pk and post.is_published:
            url = post.get_absolute_url()
            return format_html('Yes, at <a href="{}">{}</a>', url, url)
        return "No: a draft" if post.pk else self.get_empty_value_display()

    @admin.display(description="tags")
    def tag_list(self, post):
        return ", ".join(tag.name for tag in post.tags.all())

    @admin.display(description="edited", boolean=True, ordering="edited_since_import")
    def edited(self, post):
        """Edited since import, under a heading short enough for every column
        to fit beside the filters in a 1280-pixel window."""
        return post.edited_since_import

    @admin.display(description="source", ordering="source_file")
    def source(self, post):
        return post.source or None  # shown as "-" for posts written here

    @admin.display(description="import outcomes")
    def import_outcomes(self, post):
        """How many import runs found the post, linking to what each did."""
        count = post.import_outcomes.count() if post.pk else 0
        if not count:
            return self.get_empty_value_display()
        text = f"What {count} import run{pluralize(count)} did with it"
        url = reverse("admin:posts_importoutcome_changelist")
        return format_html('<a href="{}?post__id__exact={}">{}</a>', url, post.pk, text)

    # The form.

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "tags":
            return self._tags_formfield(db_field, request)
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def _tags_formfield(self, db_field, request):
        """Existing tags by autocomplete (TagAdmin's search), "+" for a new one.

        taggit's own field is a comma-separated text box the admin can't
        autocomplete, so the tags are chosen as Tag objects instead.
        """
        tag_admin = self.admin_site.get_model_admin(Tag)
        widget = RelatedFieldWidgetWrapper(
            AutocompleteSelectMultiple(db_field, self.admin_site),
            db_field.remote_field,
            self.admin_site,
            can_add_related=tag_admin.has_add_permission(request),
        )
        return TagsField(
            Tag.objects.all(),
            required=False,
            widget=widget,
            label="Tags",
            error_messages={"invalid_choice": TAG_GONE_MESSAGE},
        )

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        # ModelAdmin.get_form builds a class on each call: this request's only.
        form.baseline = getattr(request, "post_state_before_restore", None)
        return form

    def save_model(self, request, obj, form, change):
        if "status" in form.changed_data and obj.status == Post.Status.PUBLISHED:
            editing.date_if_undated(obj)
        if obj.import_key and CONTENT_FIELDS.intersection(form.changed_data):
            obj.edited_since_import = True
        super().save_model(request, obj, form, change)
        if obj.is_scheduled and {"status", "published_at"} & set(form.changed_data):
            # Saved as "Published", yet readers don't see it yet: say when.
            self.message_user(
                request,
                f"“{obj}” is scheduled: readers see it from "
                f"{local_time(obj.published_at)}.",
                messages.INFO,
            )

    def view_on_site(self, post):
        return post.get_absolute_url() if post.is_published else None

    # Bulk actions: each changes only the posts that need it, says how many,
    # and is recorded as a revision (see posts.editing).

    @admin.action(description="Publish selected posts", permissions=["change"])
    def publish(self, request, queryset):
        publication = editing.publish(queryset, request.user)
        self._report(request, _publication_message(publication))

    @admin.action(description="Unpublish selected posts", permissions=["change"])
    def unpublish(self, request, queryset):
        count = editing.unpublish(queryset, request.user)
        self._report(request, f"Unpublished {posts_count(count)}.")

    @admin.action(description="Mark selected posts reviewed", permissions=["change"])
    def mark_reviewed(self, request, queryset):
        count = editing.mark_reviewed(queryset, request.user)
        self._report(request, f"Marked {posts_count(count)} reviewed.")

    @admin.action(description="Add the tags to selected posts", permissions=["change"])
    def add_tag(self, request, queryset):
        # A new name makes a new tag only for those who may add tags, as the
        # change form's tag box offers its "+" (see _tags_formfield).
        may_add = self.admin_site.get_model_admin(Tag).has_add_permission(request)
        tags, refusal = _tags_typed(request, create=may_add)
        if refusal:
            return self._warn(request, refusal)
        counts = editing.add_tags(queryset, tags, request.user)
        self._report(request, f"Added {_tag_counts(counts, 'to')}.")

    @admin.action(
        description="Remove the tags from selected posts", permissions=["change"]
    )
    def remove_tag(self, request, queryset):
        tags, refusal = _tags_typed(request, create=False)
        if refusal:
            return self._warn(request, refusal)
        counts = editing.remove_tags(queryset, tags, request.user)
        self._report(request, f"Removed {_tag_counts(counts, 'from')}.")

    def _report(self, request, message):
        self.message_user(request, message, messages.SUCCESS)

    def _warn(self, request, message):
        """Say why the action changed nothing."""
        self.message_user(request, message, messages.WARNING)

    # Extra pages: a preview for drafts, and the difference an old version
    # would make on the "revert" page of the history.

    def get_urls(self):
        preview = path(
            "<path:object_id>/preview/",
            self.admin_site.admin_view(self.preview_view),
            name="posts_post_preview",
        )
        return [preview, *super().get_urls()]

    def preview_view(self, request, object_id):
        """The post as readers will see it, for staff only, whatever its status."""
        post = self.get_object(request, unquote(object_id))
        if post is None:
            raise Http404("No such post.")
        if not self.has_view_permission(request, post):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": post,
            "title": f"Preview: {post.title}",
            "body": render_markdown(post.body),
        }
        return TemplateResponse(request, "admin/posts/post/preview.html", context)

    def revision_view(self, request, object_id, version_id, extra_context=None):
        object_id = unquote(object_id)
        # A version of this post, not merely one with the same object id: a
        # revision also holds the versions of its tag links (TaggedPost).
        version = get_object_or_404(
            Version.objects.get_for_object_reference(Post, object_id), pk=version_id
        )
        post = self.get_object(request, object_id)
        if post is None:
            raise Http404("No such post.")
        context = {
            "differences": differences(post_state(post), version_state(version)),
            **(extra_context or {}),
        }
        return super().revision_view(request, quote(object_id), version_id, context)

    def _reversion_revisionform_view(
        self, request, version, template_name, extra_context=None
    ):
        """django-reversion's restore (and recover) page, restoring this post only.

        Its own view reverts the version's whole revision (see posts.restoring);
        this one is the same but for that step. Opening the page shows the
        change form as restoring would leave the post: the post is restored in
        a transaction rolled back once the page is rendered, with its model
        signals muted, as django-reversion does. Saving the form keeps it.
        """
        if version.content_type != ContentType.objects.get_for_model(Post):
            raise Http404("No such version of a post.")
        post = Post.objects.filter(pk=version.object_id).first()
        saving = request.method == "POST"
        if refused := self._refused_restore(request, version, post, saving):
            return refused
        try:
            with (
                transaction.atomic(),
                nullcontext() if saving else mute_signals(*MODEL_SIGNALS),
                self.create_revision(request),
            ):
                post = self._restore(request, version, post)
                response = self.changeform_view(
                    request, quote(str(post.pk)), request.path, extra_context
                )
                if not (saving and response.status_code == 302):
                    if response.status_code == 200:
                        # Rendered now, while the restored post is there.
                        response.template_name = template_name
                        response.render()
                    raise _RolledBack(response)
                set_comment(
                    "Reverted to previous version, saved on "
                    f"{localize(template_localtime(version.revision.date_created))}"
                )
        except _RolledBack as rolled_back:
            response = rolled_back.response
        return response

    def _refused_restore(self, request, version, post, saving):
        """A redirect back with the reason when the version can't be restored
        over `post` (None: deleted), else None. A version with a tag deleted
        since opens with a warning, to be compared and copied from, but can't
        be saved."""
        problem = clash(version, post)
        if post is not None and not problem and (lost := lost_tags(version)):
            if saving:
                problem = lost
            else:
                self.message_user(request, lost, messages.WARNING)
        if not problem:
            return None
        self.message_user(request, problem, messages.ERROR)
        if post is None:
            return redirect(reverse("admin:posts_post_recoverlist"))
        return redirect(reverse("admin:posts_post_history", args=[quote(post.pk)]))

    def _restore(self, request, version, post):
        """Put the version over the post (None: deleted), as the restore page
        shows and saves it.

        The form's edit token then stands for the post as it was before, not
        as restored: a save another editor made since the page was opened
        changed the former, while the version puts back the same state anyway.
        """
        if post is not None:
            post = locked_post(post.pk)
            request.post_state_before_restore = post_state(post)
        return restore_post(version, post)


def _publication_message(publication):
    """What the Publish action did (an editing.Publication), telling the posts
    readers see now from those scheduled: "Published 2 posts.", "2 posts
    published, 1 scheduled for 3 March 2027, 10:00."."""
    if not publication.scheduled:
        return f"Published {posts_count(publication.published)}."
    first = local_time(publication.scheduled[0])
    last = local_time(publication.scheduled[-1])
    when = f"for {first}" if first == last else f"between {first} and {last}"
    scheduled = len(publication.scheduled)
    if not publication.published:
        return f"{posts_count(scheduled)} scheduled {when}."
    return (
        f"{posts_count(publication.published)} published, {scheduled} scheduled {when}."
    )


# The Tags box beside the tag actions (see posts.tagging.tag_names_typed).


def _tags_typed(request, create):
    """(the tags named in the Tags box, A to Z; None) or (None, why the action
    changes nothing). Names no tag has make new tags if `create`."""
    names = tag_names_typed(request.POST.get("tag", ""))
    if refusal := _tag_names_refused(names):
        return None, refusal
    tags = {name: editing.tag_named(name, create=create) for name in names}
    if unknown := [name for name, tag in tags.items() if tag is None]:
        return None, _no_such_tags(unknown)
    return _in_tag_order(tags.values()), None


def _tag_names_refused(names):
    """Why the names typed in the Tags box name no tags to add or remove, or
    None. A name too long for the column is refused before any tag is made."""
    if not names:
        return "Type the tag's name in the Tags box beside the action."
    if any(len(name) > editing.TAG_NAME_MAX_LENGTH for name in names):
        return (
            f"A tag's name has at most {editing.TAG_NAME_MAX_LENGTH} "
            "characters; nothing was changed."
        )
    return None


def _no_such_tags(names):
    quoted = ", ".join(f"“{name}”" for name in names)
    there_is = "There is no tag" if len(names) == 1 else "There are no tags"
    return f"{there_is} {quoted}; nothing was changed."


def _in_tag_order(tags):
    """A to Z whatever their case, as tags are listed everywhere."""
    return sorted(tags, key=lambda tag: (tag.name.casefold(), tag.name))


def _tag_counts(counts, preposition):
    """'the tag “care” to 2 posts', 'the tags “care” to 2 posts and “law” to
    1 post': {tag: posts changed} for messages."""
    each = [f"“{tag}” {preposition} {posts_count(n)}" for tag, n in counts.items()]
    the_tags = "the tag" if len(each) == 1 else "the tags"
    return f"{the_tags} {get_text_list(each, 'and')}"
