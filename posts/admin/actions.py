"""What every changelist's actions share."""

from django.contrib import messages
from django.contrib.admin import helpers

from posts.admin.forms import could_be_pk


class CheckedSelectionMixin:
    """Refuses an action whose selection holds a value no row's id could be.

    Django filters the rows by the checkboxes' values as posted: only a
    hand-made request sends "care" (a ValueError) or an id past the 64 bits
    SQLite holds (an OverflowError), but either was a 500 once the action
    read its rows (see could_be_pk). The action is refused as Django refuses
    one with nothing selected."""

    def response_action(self, request, queryset):
        for value in request.POST.getlist(helpers.ACTION_CHECKBOX_NAME):
            if not could_be_pk(self.model, value):
                self.message_user(
                    request,
                    f"“{value}” is not the id of a {self.opts.verbose_name}: "
                    f"no {self.opts.verbose_name_plural} were changed.",
                    messages.WARNING,
                )
                return None
        return super().response_action(request, queryset)
