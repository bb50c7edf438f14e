"""The admin's lists and forms as an editor's window lays them out."""

import pytest

from tests.browser.layout import DESKTOP
from tests.browser.test_editor_journey import log_in_as_editor


def cut_off_width(page):
    """How many pixels of the list's table its box hides (scrolled out of view)."""
    return page.evaluate(
        "(() => { const box = document.querySelector('#changelist .results');"
        " return box.scrollWidth - box.clientWidth; })()"
    )


@pytest.mark.parametrize(
    "path",
    ["/admin/posts/post/", "/admin/posts/importrun/", "/admin/posts/importoutcome/"],
)
def test_every_column_of_a_list_is_in_view_at_desktop_width(
    page, site, screenshot, path
):
    log_in_as_editor(page, site)
    assert page.viewport_size == DESKTOP

    page.goto(f"{site}{path}")

    screenshot(page, "list")
    assert cut_off_width(page) == 0
