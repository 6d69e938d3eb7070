"""Turn README.md into facilitator-guide.html: one file, pictures embedded, opens in any browser.

    python docs/facilitator-guide/build_html.py [--check]

Only the Markdown this guide uses is understood (headings, paragraphs, lists, pictures on their
own line, code blocks, **bold** and `code`), so no Markdown library is needed. ``--check`` exits
with status 1 if the HTML on disk is not what README.md gives (a test runs it).
"""

from __future__ import annotations

import base64
import html
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SOURCE = HERE / "README.md"
TARGET = HERE / "facilitator-guide.html"

STYLE = """
body { font-family: "Segoe UI", "DejaVu Sans", Arial, sans-serif; max-width: 46em;
       margin: 2em auto; padding: 0 1em; line-height: 1.5; color: #222; background: #f6f1ea; }
h1 { color: #a3452c; } h2 { color: #a3452c; margin-top: 2em; border-bottom: 1px solid #d9cfc2; }
img { max-width: 100%; border: 1px solid #c9bfb2; border-radius: 6px; background: #fff; }
figure { margin: 1em 0; } figcaption { font-size: 0.9em; color: #555; }
pre { background: #fff; border: 1px solid #d9cfc2; padding: 0.8em; overflow-x: auto; }
code { font-family: Consolas, "DejaVu Sans Mono", monospace; }
"""

_IMAGE = re.compile(r"!\[([^\]]*)\]\(([^)]+)\)")


def inline(text: str) -> str:
    out = html.escape(text, quote=False)
    out = re.sub(r"`([^`]+)`", r"<code>\1</code>", out)
    return re.sub(r"\*\*([^*]+)\*\*", r"<strong>\1</strong>", out)


def picture(alt: str, src: str) -> str:
    data = base64.b64encode((HERE / src).read_bytes()).decode("ascii")
    alt_text = html.escape(alt)
    return (
        f'<figure><img src="data:image/png;base64,{data}" alt="{alt_text}">'
        f"<figcaption>{alt_text}</figcaption></figure>"
    )


def convert(markdown: str) -> str:
    body: list[str] = []
    paragraph: list[str] = []
    listing: str | None = None  # "ul" or "ol" while inside a list
    lines = iter(markdown.splitlines())

    def flush() -> None:
        nonlocal listing
        if paragraph:
            body.append(f"<p>{inline(' '.join(paragraph))}</p>")
            paragraph.clear()
        if listing:
            body.append(f"</{listing}>")
            listing = None

    for line in lines:
        stripped = line.strip()
        item = re.match(r"^(\*|-|\d+\.)\s+(.*)", stripped)
        if stripped.startswith("```"):
            flush()
            code = []
            for inner in lines:
                if inner.strip().startswith("```"):
                    break
                code.append(html.escape(inner, quote=False))
            body.append("<pre><code>" + "\n".join(code) + "</code></pre>")
        elif stripped.startswith("#"):
            flush()
            level = len(stripped) - len(stripped.lstrip("#"))
            body.append(f"<h{level}>{inline(stripped[level:].strip())}</h{level}>")
        elif (found := _IMAGE.fullmatch(stripped)) is not None:
            flush()
            body.append(picture(found.group(1), found.group(2)))
        elif item is not None:
            kind = "ol" if item.group(1)[0].isdigit() else "ul"
            if paragraph:
                body.append(f"<p>{inline(' '.join(paragraph))}</p>")
                paragraph.clear()
            if listing != kind:
                if listing:
                    body.append(f"</{listing}>")
                body.append(f"<{kind}>")
                listing = kind
            body.append(f"<li>{inline(item.group(2))}</li>")
        elif not stripped:
            flush()
        elif listing and line.startswith(("  ", "\t")):
            body[-1] = body[-1].removesuffix("</li>") + " " + inline(stripped) + "</li>"
        else:
            if listing:
                flush()
            paragraph.append(stripped)
    flush()
    title = next((re.sub("<[^>]+>", "", b) for b in body if b.startswith("<h1>")), "dzlearn")
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{title}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n"
        + "\n".join(body)
        + "\n</body>\n</html>\n"
    )


def main(argv: list[str]) -> int:
    page = convert(SOURCE.read_text(encoding="utf-8"))
    if "--check" in argv:
        current = TARGET.read_text(encoding="utf-8") if TARGET.exists() else ""
        if current != page:
            print(f"{TARGET} is out of date: run python {Path(__file__).name}", file=sys.stderr)
            return 1
        return 0
    TARGET.write_text(page, encoding="utf-8", newline="\n")
    print(f"wrote {TARGET} ({len(page.encode()) // 1024} KB)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
