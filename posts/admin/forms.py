from django import forms
from django.contrib.admin.helpers import ActionForm
from django.contrib.admin.widgets import AdminTextareaWidget, AdminTextInputWidget
from django.contrib.redirects.models import Redirect
from django.core.exceptions import ValidationError
from django.template.defaultfilters import pluralize
from django.utils import formats, timezone
from django.utils.text import Truncator

from posts.editing import same_tag
from posts.models import Post, Tag
from posts.redirects import post_redirected_from, tag_urls_fit
from posts.snapshots import (
    display,
    fields_changed_since,
    label,
    post_state,
    state_token,
    tags_merged_since,
)
from posts.tagging import normalize_tag_name

CONFLICT_MESSAGE = (
    "Someone else saved this post while you were editing it, so your changes "
    "were not saved. Save again to replace their changes with yours, or reload "
    "the page to start from the current version. Changed meanwhile:"
)


# Said instead of "Select a valid choice. 7 is not one of the available
# choices.": a tag chosen in the box that no tag is any more, and that the
# post's history doesn't lead to another (see PostAdminForm._follow_merged_tags).
TAG_GONE_MESSAGE = (
    "A tag chosen here was deleted or merged into another since this page was "
    "opened: check the tags before saving again."
)


# A post's address, /posts/<slug>/, in django.contrib.redirects' 200 characters.
SLUG_MAX_LENGTH = Redirect._meta.get_field("old_path").max_length - len("/posts//")


class TextWithLineFeeds(forms.CharField):
    """A textarea's text with its line breaks as LF, as imports write them.
    Browsers send them as CRLF: every multi-line body would otherwise count as
    changed on any save, marking an imported post edited (so later imports
    keep it) when the editor changed only its slug, or nothing."""

    def to_python(self, value):
        value = super().to_python(value)
        return value.replace("\r\n", "\n").replace("\r", "\n") if value else value


class TagsField(forms.ModelMultipleChoiceField):
    """The post form's tags, chosen by id, refusing a value no tag could have
    as a form error before the database sees it.

    Django refuses "care" or "1.5" itself, but the autocomplete box shown
    again with the errors looks every value up (a ValueError, a 500), and an
    id past the 64 bits SQLite holds failed any lookup (an OverflowError).
    The tag model's id field says which values can be ids."""

    def clean(self, value):
        for each in value or ():
            if not self.could_be_id(each):
                raise ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": each},
                )
        return super().clean(value)

    def bound_data(self, data, initial):
        # What the box shows again: only the values that can be looked up.
        data = super().bound_data(data, initial)
        return [each for each in data or () if self.could_be_id(each)]

    def could_be_id(self, value):
        return could_be_pk(self.queryset.model, value)


def could_be_pk(model, value):
    """Whether `value` (as posted) could be a row's id: the model's id field
    says, before the database sees it. A hand-made request may send "care"
    (a ValueError in a lookup) or an id past the 64 bits SQLite holds (an
    OverflowError)."""
    try:
        model._meta.pk.clean(value, None)
    except ValidationError:
        return False
    return True


class PostAdminForm(forms.ModelForm):
    """The post form, refusing to save over changes made since it was opened.

    `edit_token` carries a hash of each field's value as the editor first saw
    it (optimistic locking): if the post changed in the meantime, by another
    editor, a bulk action or an import, the save is refused field by field.
    (PostAdmin supplies the model and the fields.)
    """

    edit_token = forms.CharField(widget=forms.HiddenInput, required=False)
    # The post's state the token stands for, when not the stored post's: the
    # restore page edits a version put over the post, but the token must tell
    # what changed since the page was opened (PostAdmin.get_form sets it).
    baseline = None
    # Shorter than the column: when it changes, the old address must fit the
    # redirects table.
    slug = forms.SlugField(
        max_length=SLUG_MAX_LENGTH,
        widget=AdminTextInputWidget(attrs={"class": "vLargeTextField"}),
    )

    class Meta:
        field_classes = {"body": TextWithLineFeeds}
        # Room for a whole title (and slug, above), and for several paragraphs
        # of the body (Django's 20em box cut titles off, its 10 rows showed a
        # paragraph).
        widgets = {
            "title": AdminTextInputWidget(attrs={"class": "vLargeTextField"}),
            "body": AdminTextareaWidget(attrs={"rows": 25}),
        }
        # Here rather than on the model field, whose help text is in its
        # migrations: see PostAdmin.save_model.
        help_texts = {
            "published_at": Post._meta.get_field("published_at").help_text
            + " Publishing a post without one dates it now."
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            state = self.baseline or post_state(self.instance)
            self.fields["edit_token"].initial = state_token(state)
            if self.is_bound:
                self._follow_merged_tags()

    def _follow_merged_tags(self):
        """Replace each chosen tag merged into another since the form was
        opened with the tag it was merged into, as its history names it.

        The box would otherwise come back without it (a choice that no longer
        exists) and saving again drop it. A merge changed the post's tags: the
        save is refused as any change meanwhile, and the box shows the tag the
        post has now, which saving again keeps."""
        name = self.add_prefix("tags")
        chosen = self.data.getlist(name)
        could_be_id = self.fields["tags"].could_be_id
        ids = [int(value) for value in chosen if could_be_id(value)]
        merged = tags_merged_since(ids, self.instance)
        if not merged:
            return
        now = {str(pk): str(tag.pk) for pk, tag in merged.items()}
        self.data = self.data.copy()
        self.data.setlist(name, list(dict.fromkeys(now.get(v, v) for v in chosen)))

    def clean_slug(self):
        slug = self.cleaned_data["slug"]
        owner = post_redirected_from(slug)
        if owner is not None and owner.pk != self.instance.pk:
            raise ValidationError(
                f"“{slug}” is an old address of the post “{owner}”, which "
                "readers' links to it lead to: choose another slug."
            )
        return slug

    def clean(self):
        cleaned_data = super().clean()
        if self.instance.pk:
            self._refuse_stale_save(cleaned_data.get("edit_token"))
        return cleaned_data

    def _refuse_stale_save(self, token):
        current = self.baseline or post_state(locked_post(self.instance.pk))
        changed = fields_changed_since(token, current)
        if not changed:
            return
        # From now on the form carries the current state, so that saving again
        # is a deliberate choice to overwrite.
        self.data = self.data.copy()
        self.data[self.add_prefix("edit_token")] = state_token(current)
        raise ValidationError(
            [CONFLICT_MESSAGE]
            + [
                f"{label(name)}: now “{_short(display(name, current[name]))}”"
                for name in changed
            ]
        )


def locked_post(pk):
    """The stored post, read under a row lock, which the admin's transaction
    holds until its save commits: a concurrent save of the same post waits
    here, then finds this one's changes. (SQLite has no row locks: there the
    transaction took the database's write lock as it began, see settings.)"""
    return Post.objects.select_for_update().get(pk=pk)


def _short(text):
    return Truncator(text).chars(120)


class PostActionForm(ActionForm):
    """The actions bar, with a box naming the tags to add or remove, read as
    posts.tagging.tag_names_typed reads it."""

    tag = forms.CharField(
        required=False,
        label="Tags",
        widget=forms.TextInput(attrs={"placeholder": "care, social work"}),
    )


class TagAdminForm(forms.ModelForm):
    def clean_slug(self):
        slug = self.cleaned_data["slug"]
        # When the slug changes, its old addresses must fit the redirects
        # table. A slug made from the name is ASCII and always fits; a typed
        # one may have letters in other alphabets ("κοινωνική-εργασία").
        if slug != self.instance.slug and not tag_urls_fit(slug):
            raise ValidationError(
                "Too long for the tag's addresses to be redirected if it changes "
                "later: shorten it. In an address, a letter outside a–z takes 6 "
                "or 9 characters (“é” is “%C3%A9”)."
            )
        return slug

    def clean_name(self):
        name = normalize_tag_name(self.cleaned_data["name"])
        same = same_tag(name, Tag.objects.exclude(pk=self.instance.pk))
        if same:
            raise ValidationError(
                f"The tag “{same}” already exists: merge the two tags "
                "instead (select both in the tag list)."
            )
        return name


class MergeTagsForm(forms.Form):
    merge_into = forms.ModelChoiceField(
        queryset=Tag.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
        label="Keep this tag",
        help_text="Its posts keep it; the other tags' posts get it instead.",
    )

    def __init__(self, *args, tags, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["merge_into"]
        field.queryset = tags
        field.label_from_instance = lambda tag: f"{tag} ({posts_count(tag.post_count)})"


def posts_count(count):
    """'1 post', '2 posts': for labels and messages."""
    return f"{count} post{pluralize(count)}"


def local_time(moment):
    """'3 March 2027, 10:00', in the site's time zone: for messages."""
    return formats.date_format(timezone.localtime(moment), "j F Y, H:i")
