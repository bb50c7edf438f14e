"""The admin's lists and forms as an editor's window lays them out."""

import pytest

from tests.browser.layout import DESKTOP, PHONE
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


def test_action_menu_keeps_its_width_beside_the_tags_box_on_a_phone(
    page, site, screenshot
):
    # Django's layout let the Tags box squeeze the menu to 9 pixels.
    log_in_as_editor(page, site)
    page.set_viewport_size(PHONE)

    page.goto(f"{site}/admin/posts/post/")

    screenshot(page, "phone-actions")
    menu = page.locator("select[name=action]").bounding_box()
    assert menu["width"] > PHONE["width"] / 2
    page.locator("select[name=action]").select_option("add_tag")
    page.locator("input[name=tag]").fill("care")
