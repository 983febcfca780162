"""What the staff browser tests share: signing in, and axe-core's accessibility check."""

from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings

from tests.factories import PASSWORD

AXE = next(
    (Path(settings.BASE_DIR) / "onboarding/portal/static/vendor").glob("axe-core-*/axe.min.js")
)


def sign_in(page, base_url: str, username: str, *, password: str = PASSWORD) -> None:
    page.goto(f"{base_url}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit].primary")
    # A click does not wait for the navigation it starts, and the sign-in page is loaded already:
    # wait until the browser has left it, so the session cookie is set before the next goto.
    page.wait_for_url(lambda url: urlsplit(url).path != "/login/", wait_until="domcontentloaded")


def serious_violations(page) -> list[dict]:
    """axe-core's serious and critical findings on the page as it is now."""
    page.add_script_tag(content=AXE.read_text())
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]
