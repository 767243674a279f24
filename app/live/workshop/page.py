"""The phone page, served by Waymark itself: one HTML response with its CSS and script inline
(no CDN, no fonts, nothing from the internet: the room may have no connection), and the small
page that asks for the join code when someone opens the short URL without it.
"""

from __future__ import annotations

import html
import secrets
from functools import cache
from importlib import resources

PAGE_BUDGET = 100 * 1024  # bytes: the page must load in a second over a crowded meeting-room Wi-Fi


@cache
def _template() -> str:
    static = resources.files(__package__) / "static"
    page = (static / "phone.html").read_text("utf-8")
    return page.replace("{{CSS}}", (static / "phone.css").read_text("utf-8")).replace(
        "{{JS}}", (static / "phone.js").read_text("utf-8"))


def phone_page() -> tuple[str, str]:
    """(nonce, html): a fresh nonce per response lets the Content-Security-Policy allow only our
    own inline style and script."""
    nonce = secrets.token_urlsafe(16)
    return nonce, _template().replace("{{NONCE}}", nonce)


def code_form(*, wrong: bool) -> str:
    message = ("That join code is not right: check the code on the facilitator's screen."
               if wrong else "Type the join code shown on the facilitator's screen.")
    return f"""<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><meta name="color-scheme" content="light dark">
<title>Join the workshop</title></head>
<body style="font-family:system-ui,sans-serif;max-width:28rem;margin:3rem auto;padding:0 1rem;font-size:18px">
<h1 style="font-size:1.4rem">Join the workshop</h1><p>{html.escape(message)}</p>
<form method="get" action="/"><label for="code" style="display:block;font-weight:600;margin:.5rem 0">Join code</label>
<input id="code" name="code" autocomplete="off" autocapitalize="characters" maxlength="12" required
 style="font-size:1.6rem;letter-spacing:.2em;width:100%;padding:.5rem;text-transform:uppercase">
<button type="submit" style="margin-top:1rem;font-size:1.1rem;min-height:48px;width:100%">Join</button></form>
</body></html>"""
