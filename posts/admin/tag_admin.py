from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.db.models import Count
from django.template.defaultfilters import pluralize
from django.template.response import TemplateResponse

from posts import editing
from posts.admin.actions import CheckedSelectionMixin
from posts.admin.filters import SEARCH_MAX_LENGTH, OfferedFiltersMixin
from posts.admin.forms import MergeTagsForm, TagAdminForm, posts_count
from posts.models import Post, Tag
from posts.slugs import first_free, numbered


@admin.register(Tag)
class TagAdmin(CheckedSelectionMixin, OfferedFiltersMixin, admin.ModelAdmin):
    form = TagAdminForm
    list_display = ("name", "slug", "post_count")
    search_fields = ("name",)  # also what the post form's tag autocomplete uses
    ordering = ("name",)
    prepopulated_fields = {"slug": ("name",)}
    readonly_fields = ("old_names",)
    actions = ("merge",)

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(post_count=Count("tagged_posts"))

    @admin.display(description="posts", ordering="post_count")
    def post_count(self, tag):
        return tag.post_count

    @admin.display(description="Old names")
    def old_names(self, tag):
        """Names imports still file posts under (see posts.aliases)."""
        names = sorted(alias.name for alias in tag.aliases.all()) if tag.pk else []
        return ", ".join(names) or "–"

    def get_search_results(self, request, queryset, search_term):
        # The post form's tag autocomplete searches here with no search form
        # (see SearchForm): words too long for SQLite find no tag.
        if len(search_term) > SEARCH_MAX_LENGTH:
            return queryset.none(), False
        return super().get_search_results(request, queryset, search_term)

    def view_on_site(self, tag):
        # Readers see a tag's page only while a published post carries it.
        if Post.objects.published().filter(tags=tag).exists():
            return tag.get_absolute_url()
        return None

    def save_model(self, request, obj, form, change):
        # A renamed tag moves to the slug of its new name (the old URL then
        # redirects, see posts.redirects), unless the editor chose a slug.
        if change and "name" in form.changed_data and "slug" not in form.changed_data:
            obj.slug = _free_slug(obj)
        super().save_model(request, obj, form, change)

    @admin.action(description="Merge selected tags…", permissions=["change"])
    def merge(self, request, queryset):
        """Ask which tag to keep, then fold the others into it."""
        if queryset.count() < 2:
            self.message_user(
                request, "Select at least two tags to merge.", messages.WARNING
            )
            return None
        chosen = "merge_into" in request.POST
        form = MergeTagsForm(request.POST if chosen else None, tags=queryset)
        if form.is_valid():
            target, tags = form.cleaned_data["merge_into"], list(queryset)
            count = editing.merge_tags(target, tags, request.user)
            self.message_user(
                request,
                f"Merged {len(tags) - 1} tag{pluralize(len(tags) - 1)} into "
                f"“{target}”; {posts_count(count)} changed.",
                messages.SUCCESS,
            )
            return None
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": "Merge tags",
            "form": form,
            "tags": queryset,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/posts/tag/merge.html", context)


def _free_slug(tag):
    """The slug of the tag's name, numbered like taggit's if already taken."""
    base = tag.slugify(tag.name)
    taken = set(
        Tag.objects.filter(slug__startswith=base)
        .exclude(pk=tag.pk)
        .values_list("slug", flat=True)
    )
    return first_free(numbered(base, "_", 1), taken)
