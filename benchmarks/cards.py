"""Look at the cards: render the main answer shapes as Slack would show them and screenshot them.

    python benchmarks/cards.py [--out docs/cards] [--chromium /usr/bin/chromium]

Each shape (a topic, a Chinese question, a yes/no question, a feature described rather than
named (the answer says which one it sounds like), a hedged answer to a long question,
a private vulnerability report, a flaw told as a story (the private route suggested first, the
owner's card after it), a quoted remark where the community meets (the conduct committee
suggested first, the named group's card after it), a story that asks who owns it (the owner,
with the private route beside it), a long message with a pasted log, a misnomer, a retired
group's name whose topic lives on, a retired group, the list, no answer, a detail view) is
rendered by the real Block Kit renderer, turned into a small Slack-like HTML page (mrkdwn bold,
links, date tokens shown as their fallback, buttons), and screenshotted by headless Chromium
(Debian: `apt install chromium fonts-noto-cjk`). It prints each card's visible characters and
rendered height in pixels; the PNGs go to --out. Cropping uses Pillow when it is installed (`pip
install -e ".[bench]"`).
"""

from __future__ import annotations

import argparse
import html
import re
import shutil
import subprocess
import tempfile
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from bot.answers import ask
from bot.knowledge.loader import load_knowledge
from bot.matching import build_index
from bot.render.slack.blocks import group_card_blocks, render_blocks, to_dicts

NOW = datetime(2026, 11, 30, 9, 0, tzinfo=timezone.utc)
PANE_WIDTH = 600  # a Slack message pane on a laptop, roughly
SHAPES: list[tuple[str, str, str]] = [
    ("topic", "network policy", "en"),
    ("question-zh", "谁负责 kubectl", "zh"),
    ("yes-no", "is kubeadm part of sig cli?", "en"),
    ("described", "our pods keep dying on startup and the retry delay grows each time", "en"),
    (
        "hedged",
        "hi! new here - our image pulls are slow on windows nodes, which group should I talk to?",
        "en",
    ),
    (
        "private-report",
        "I think I found a container escape in the CRI implementation. How do I report it"
        " without disclosing it publicly?",
        "en",
    ),
    (
        "possible-flaw",
        "After a node drain the kubelet left the projected service account tokens of evicted"
        " pods under /var/lib/kubelet with mode 0644. Every process on that node can read them"
        " now.",
        "en",
    ),
    (
        "possible-conduct",
        'In the #sig-storage channel a reviewer replied "go learn to code before opening PRs '
        'here" under my question.',
        "en",
    ),
    (
        "flaw-hint",
        "The kubelet leaves projected service account tokens under /var/lib/kubelet with mode"
        " 0644 after a drain. Which sig owns this?",
        "en",
    ),
    (
        "long-message",
        "hi all, after upgrading to 1.31 our pods sit in ContainerCreating:\n```\n"
        'Warning  FailedMount  kubelet  MountVolume.SetUp failed for volume "data" : rpc error:'
        " code = DeadlineExceeded\nE1203 09:12:03 csi_attacher.go:371] kubernetes.io/csi:"
        " attacher.MountDevice failed\n```\nthe CSI driver pods look healthy. Which group owns"
        " the kubelet side of CSI volume mounts?",
        "en",
    ),
    ("misnomer", "sig batch", "en"),
    ("retired-namesake", "Structured Logging", "en"),
    ("retired", "wg serving", "en"),
    ("list", "list", "en"),
    ("no-answer", "what a lovely day for a picnic", "en"),
]
STYLE = """
body { font: 15px/1.46 -apple-system, "Segoe UI", "Noto Sans", "Noto Sans CJK SC", sans-serif;
       color: #1d1c1d; margin: 0; background: #fff; width: %dpx; }
.msg { padding: 8px 20px 12px 72px; position: relative; }
.avatar { position: absolute; left: 20px; top: 10px; width: 36px; height: 36px;
          border-radius: 6px; background: #326ce5; color: #fff; font-weight: 700;
          text-align: center; line-height: 36px; }
.name { font-weight: 900; }
.app { font-size: 11px; background: #ddd; padding: 1px 3px; border-radius: 2px;
       margin-left: 4px; color: #555; }
.eph { font-size: 12px; color: #616061; }
.block { margin: 4px 0; } .ctx { font-size: 13px; color: #616061; }
.header { font-size: 18px; font-weight: 900; margin: 6px 0; }
a { color: #1264a3; text-decoration: none; } hr { border: 0; border-top: 1px solid #ddd; }
.btn { display: inline-block; border: 1px solid #bbb; border-radius: 4px; padding: 2px 10px;
       margin: 4px 6px 0 0; font-size: 13px; font-weight: 700; }
.primary { background: #007a5a; color: #fff; border-color: #007a5a; }
.select { display: inline-block; border: 1px solid #bbb; border-radius: 4px; padding: 2px 10px;
          margin: 4px 6px 0 0; font-size: 13px; color: #616061; }
.fields { display: grid; grid-template-columns: 1fr 1fr; gap: 4px 16px; margin: 4px 0; }
.field { font-size: 14px; }
code { font-size: 12px; background: #f6f6f6; border: 1px solid #ddd; border-radius: 3px;
       padding: 0 2px; color: #e01e5a; }
"""


def mrkdwn_to_html(text: str) -> str:
    """Enough of Slack's mrkdwn for a faithful picture: links, date tokens, bold, code."""
    out = []
    pos = 0
    for m in re.finditer(r"<(!date\^\d+\^[^|>]*\|([^>]*)|([^|>]+)\|([^>]*))>", text):
        out.append(_inline(text[pos : m.start()]))
        if m.group(2) is not None:
            out.append(f'<span class="date">{html.escape(_unescape(m.group(2)))}</span>')
        else:
            out.append(f'<a href="{html.escape(m.group(3))}">{_inline(m.group(4))}</a>')
        pos = m.end()
    out.append(_inline(text[pos:]))
    return "".join(out).replace("\n", "<br>")


def _unescape(text: str) -> str:
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def _inline(text: str) -> str:
    escaped = html.escape(_unescape(text))
    escaped = re.sub(r"`([^`]+)`", r"<code>\1</code>", escaped)
    return re.sub(r"(?<![\w*])\*([^*\n]+)\*(?![\w*])", r"<b>\1</b>", escaped)


def block_html(block: dict[str, Any]) -> str:
    kind = block["type"]
    if kind == "header":
        return f'<div class="header">{html.escape(block["text"]["text"])}</div>'
    if kind == "section":
        text = block.get("text", {}).get("text", "")
        out = f'<div class="block">{mrkdwn_to_html(text)}</div>' if text else ""
        if block.get("fields"):
            cells = "".join(
                f'<div class="field">{mrkdwn_to_html(f["text"])}</div>' for f in block["fields"]
            )
            out += f'<div class="fields">{cells}</div>'
        return out
    if kind == "context":
        texts = " ".join(mrkdwn_to_html(e.get("text", "")) for e in block["elements"])
        return f'<div class="block ctx">{texts}</div>'
    if kind == "divider":
        return "<hr>"
    if kind == "actions":
        parts = []
        for e in block["elements"]:
            if e["type"] == "button":
                style = " primary" if e.get("style") == "primary" else ""
                parts.append(f'<span class="btn{style}">{html.escape(e["text"]["text"])}</span>')
            else:
                parts.append(
                    f'<span class="select">{html.escape(e["placeholder"]["text"])} ▾</span>'
                )
        return f'<div class="block">{"".join(parts)}</div>'
    return ""


def page(blocks: list[dict[str, Any]], ephemeral: bool) -> str:
    note = '<span class="eph">Only visible to you</span>' if ephemeral else ""
    body = "".join(block_html(b) for b in blocks)
    return (
        f"<html><head><meta charset='utf-8'><style>{STYLE % PANE_WIDTH}</style></head><body>"
        f'<div class="msg"><div class="avatar">S</div><span class="name">sigbot</span>'
        f'<span class="app">APP</span> {note}<div>{body}</div></div></body></html>'
    )


def screenshot(chromium: str, html_text: str, png: Path) -> int | None:
    """Screenshot the page; crop to its content with Pillow if present. Returns the height."""
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "card.html"
        source.write_text(html_text, encoding="utf-8")
        subprocess.run(
            [
                chromium,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--hide-scrollbars",
                f"--window-size={PANE_WIDTH},2400",
                f"--screenshot={png}",
                source.as_uri(),
            ],
            check=True,
            capture_output=True,
            timeout=60,
        )
    try:
        from PIL import Image, ImageChops
    except ImportError:
        return None
    with Image.open(png) as image:
        rgb = image.convert("RGB")
        box = ImageChops.difference(rgb, Image.new("RGB", rgb.size, (255, 255, 255))).getbbox()
        height = (box[3] + 12) if box else rgb.height
        rgb.crop((0, 0, rgb.width, min(height, rgb.height))).save(png)
        return int(min(height, rgb.height))


def visible_chars(blocks: list[dict[str, Any]]) -> int:
    text = re.sub(r"<[^>]+>", "", "".join(block_html(b) for b in blocks))
    return len(html.unescape(text))


def main() -> int:
    parser = argparse.ArgumentParser(description=" ".join((__doc__ or "").split("\n\n")[0].split()))
    parser.add_argument("--out", type=Path, default=Path("docs/cards"))
    parser.add_argument("--chromium", default=shutil.which("chromium") or "chromium")
    args = parser.parse_args()
    kb = load_knowledge()
    index = build_index(kb)
    args.out.mkdir(parents=True, exist_ok=True)
    cards: list[tuple[str, list[dict[str, Any]]]] = []
    for name, question, lang in SHAPES:
        answer = ask(question, kb, index, lang)  # type: ignore[arg-type]
        cards.append((name, render_blocks(answer, kb, NOW)))
    node = kb.group("sig-node")
    assert node is not None
    cards.append(
        (
            "details-meetings",
            to_dicts(group_card_blocks(node, "en", kb, "", NOW, expanded=("meetings",))),
        )
    )
    have_chromium = shutil.which(args.chromium) is not None
    print(f"{'card':<18}{'blocks':>7}{'visible chars':>15}{'height px':>11}")
    for name, blocks in cards:
        height = None
        if have_chromium:
            height = screenshot(
                args.chromium, page(blocks, ephemeral=True), args.out / f"{name}.png"
            )
        print(
            f"{name:<18}{len(blocks):>7}{visible_chars(blocks):>15}{height if height else '-':>11}"
        )
    if not have_chromium:
        print("(no screenshots: install chromium, e.g. `apt install chromium fonts-noto-cjk`)")
    else:
        print(f"PNGs in {args.out}/")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
