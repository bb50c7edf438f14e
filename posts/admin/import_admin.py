"""Import runs and their per-post outcomes: read-only, for editors to review."""

from django.contrib import admin
from django.db.models import Count
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from posts.admin.actions import CheckedSelectionMixin
from posts.admin.filters import CalendarBoundMixin
from posts.models import DeletedImport, ImportOutcome, ImportRun


def lines_of(field):
    """A read-only field showing a list of texts (a JSON field) a line each,
    rather than as JSON, or the admin's empty value when there are none."""

    @admin.display(description=field)
    def lines(model_admin, record):
        values = getattr(record, field)
        if not values:
            return model_admin.get_empty_value_display()
        return format_html_join(mark_safe("<br>"), "{}", ((value,) for value in values))

    return lines


class ReadOnlyAdmin(CheckedSelectionMixin, CalendarBoundMixin, admin.ModelAdmin):
    """Records written by `import_seeds`; nobody edits them by hand."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ImportRun)
class ImportRunAdmin(ReadOnlyAdmin):
    list_display = (
        "started_at",
        "created",
        "updated",
        "unchanged",
        "kept",
        "conflicts",
        "missing",
        "deleted",
    )
    date_hierarchy = "started_at"
    fields = (
        ("started_at", "finished_at"),
        "path_list",
        "outcome_links",
        "warning_list",
    )
    readonly_fields = ("path_list", "outcome_links", "warning_list")

    path_list = lines_of("paths")
    warning_list = lines_of("warnings")

    @admin.display(description="outcomes")
    def outcome_links(self, run):
        """How many posts had each result, each linking to those outcomes."""
        counts = run.outcomes.values("result").annotate(posts=Count("id"))
        url = reverse("admin:posts_importoutcome_changelist")
        results = dict(ImportOutcome.Result.choices)
        return format_html_join(
            "",
            '<p><a href="{}?run__id__exact={}&amp;result__exact={}">{}: {}</a></p>',
            (
                (url, run.pk, row["result"], results[row["result"]], row["posts"])
                for row in counts.order_by("result")
            ),
        )


@admin.register(ImportOutcome)
class ImportOutcomeAdmin(ReadOnlyAdmin):
    list_display = ("result", "post_link", "source", "run")
    list_filter = ("result", "run")
    list_select_related = ("post", "run")
    search_fields = ("source", "post__title")
    fields = ("run", "post", "result", "source", "duplicate_list", "warning_list")
    readonly_fields = ("duplicate_list", "warning_list")

    duplicate_list = lines_of("duplicates")
    warning_list = lines_of("warnings")

    @admin.display(description="post", ordering="post__title")
    def post_link(self, outcome):
        if outcome.post is None:
            return "—"
        url = reverse("admin:posts_post_change", args=[outcome.post.pk])
        return format_html('<a href="{}">{}</a>', url, outcome.post)


@admin.register(DeletedImport)
class DeletedImportAdmin(ReadOnlyAdmin):
    """Imported posts an editor deleted, which imports do not re-create.
    Deleting a record lets the next import create its post again, which only
    a superuser may decide."""

    list_display = ("title", "import_key", "deleted_at")
    search_fields = ("title", "import_key")
    date_hierarchy = "deleted_at"

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser
