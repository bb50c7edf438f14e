"""Viewports the browser tests use, and what a page's layout must satisfy."""

PHONE = {"width": 375, "height": 740}
DESKTOP = {"width": 1280, "height": 900}


def has_horizontal_scroll(page):
    return page.evaluate(
        "document.documentElement.scrollWidth > document.documentElement.clientWidth"
    )
