"""A small renderer of add-on card JSON to HTML, for looking at cards in headless Chromium.

Google renders the real thing; this draws the widgets the service uses (header, sections, text
paragraphs, decorated text, button lists) about as Gmail lays them out in its side panel, beside a
compose window showing the draft's To, Cc and Bcc, so a screenshot shows what a teacher would see.
Card text is already formatted HTML (the service escapes it and uses only <b> and <br>); every other
value is escaped here. `apply_update` applies an `UpdateDraftActionResponse` the way Google documents
it: each field sent replaces that field of the draft.
"""

from __future__ import annotations

import html
import json
from typing import Any

Draft = dict[str, list[str]]

STYLE = """
body { margin: 0; font: 14px/1.45 "DejaVu Sans", Arial, sans-serif; color: #202124; background: #f6f8fc; }
.window { display: flex; gap: 16px; padding: 16px; align-items: flex-start; }
.compose { width: 420px; background: #fff; border-radius: 8px; box-shadow: 0 1px 3px #0003; }
.compose h1 { margin: 0; padding: 10px 14px; font-size: 14px; background: #f2f6fc; border-radius: 8px 8px 0 0; }
.field { display: flex; gap: 8px; padding: 6px 14px; border-bottom: 1px solid #eceff1; flex-wrap: wrap; }
.field b { width: 30px; color: #5f6368; font-weight: normal; }
.chip { background: #e8eaed; border-radius: 12px; padding: 0 8px; font-size: 12px; }
.panel { width: 320px; background: #fff; border-left: 1px solid #dadce0; min-height: 400px;
         overflow-wrap: anywhere; }
.cardheader { padding: 16px; border-bottom: 1px solid #dadce0; }
.cardheader .title { font-size: 16px; font-weight: 500; }
.cardheader .subtitle { color: #5f6368; font-size: 12px; }
.section { padding: 12px 16px; border-bottom: 1px solid #eceff1; }
.section .sh { font-size: 12px; font-weight: 500; color: #1a73e8; margin-bottom: 6px; }
.decorated { margin: 6px 0 10px; }
.top, .bottom { font-size: 12px; color: #5f6368; }
.buttons { display: flex; flex-wrap: wrap; gap: 8px; }
button { font: inherit; font-size: 13px; border: 1px solid #dadce0; background: #fff; color: #1a73e8;
         border-radius: 4px; padding: 6px 12px; cursor: pointer; }
"""


def _widget(widget: dict[str, Any]) -> str:
    if "textParagraph" in widget:
        return f'<div class="paragraph">{widget["textParagraph"]["text"]}</div>'
    if "decoratedText" in widget:
        d = widget["decoratedText"]
        top = f'<div class="top">{d["topLabel"]}</div>' if d.get("topLabel") else ""
        bottom = f'<div class="bottom">{d["bottomLabel"]}</div>' if d.get("bottomLabel") else ""
        return f'<div class="decorated">{top}<div class="text">{d["text"]}</div>{bottom}</div>'
    if "buttonList" in widget:
        out = []
        for b in widget["buttonList"]["buttons"]:
            action = b["onClick"]["action"]
            params = {p["key"]: p["value"] for p in action.get("parameters", [])}
            out.append(
                f'<button data-function="{html.escape(action["function"])}" '
                f'data-parameters="{html.escape(json.dumps(params))}">{html.escape(b["text"])}</button>'
            )
        return f'<div class="buttons">{"".join(out)}</div>'
    if "divider" in widget:
        return "<hr>"
    raise ValueError(f"the renderer does not draw {sorted(widget)}")


def render_card(card: dict[str, Any]) -> str:
    header = card.get("header", {})
    parts = [
        '<div class="cardheader">'
        f'<div class="title">{html.escape(header.get("title", ""))}</div>'
        f'<div class="subtitle">{html.escape(header.get("subtitle", ""))}</div></div>'
    ]
    for section in card["sections"]:
        head = f'<div class="sh">{html.escape(section["header"])}</div>' if section.get("header") else ""
        parts.append(f'<div class="section">{head}{"".join(_widget(w) for w in section["widgets"])}</div>')
    return "".join(parts)


def render(card: dict[str, Any], draft: Draft, subject: str = "Field trip on Friday") -> str:
    fields = []
    for name in ("to", "cc", "bcc"):
        chips = "".join(f'<span class="chip">{html.escape(a)}</span>' for a in draft.get(name, []))
        fields.append(f'<div class="field" id="draft-{name}"><b>{name.capitalize()}</b>{chips}</div>')
    return (
        f"<!doctype html><html><head><meta charset='utf-8'><style>{STYLE}</style></head><body>"
        f'<div class="window"><div class="compose"><h1>{html.escape(subject)}</h1>{"".join(fields)}'
        '<div class="field"><span>Dear families, here is the plan for Friday.</span></div></div>'
        f'<div class="panel" id="card">{render_card(card)}</div></div></body></html>'
    )


def apply_update(draft: Draft, response: dict[str, Any]) -> Draft:
    """The draft after Gmail applies an `UpdateDraftActionResponse`: a field sent replaces the field."""
    markup = response["renderActions"]["hostAppAction"]["gmailAction"]["updateDraftActionMarkup"]
    out = {k: list(v) for k, v in draft.items()}
    for name in ("to", "cc", "bcc"):
        update = markup.get(f"update{name.capitalize()}Recipients")
        if update is not None:
            out[name] = [r["email"] for r in update[f"{name}Recipients"]]
    return out
