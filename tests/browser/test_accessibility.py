"""axe-core, run in the browser, finds nothing serious on the public pages."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from posts.models import Post, Tag

BLOCKING = {"serious", "critical"}

# Each page's path, found from the seeded posts once they are imported.
PAGES = {
    "home": lambda: "/",
    "tag": lambda: Tag.objects.get(name="children's social work").get_absolute_url(),
    # Footnote links and notes, previous/next and related posts.
    "post": lambda: Post.objects.get(
        title="Administrative Support for Child Protection Social Work"
    ).get_absolute_url(),
    # Search results open the filter form, so its fields are checked too.
    "search": lambda: "/search/?q=social+work",
}


def describe(violations):
    lines = []
    for violation in violations:
        lines.append(
            f"{violation['id']} ({violation['impact']}): {violation['help']}"
            f" <{violation['helpUrl']}>"
        )
        for node in violation["nodes"]:
            lines.append(f"    {', '.join(map(str, node['target']))}: {node['html']}")
            if node.get("failureSummary"):
                summary = " ".join(node["failureSummary"].split())
                lines.append(f"      {summary}")
    return "\n".join(lines)


@pytest.mark.parametrize("name", PAGES)
def test_public_page_has_no_serious_accessibility_violations(page, site, name):
    page.goto(f"{site}{PAGES[name]()}")
    results = Axe().run(page)
    blocking = [
        violation
        for violation in results.response["violations"]
        if violation["impact"] in BLOCKING
    ]
    assert not blocking, f"axe-core on the {name} page:\n{describe(blocking)}"
