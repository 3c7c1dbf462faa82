"""The card's buttons are the server's plans, executed as given: no second idea of who is "outside"."""

from __future__ import annotations

import pytest

from backend.gmail.event import GmailEvent
from backend.gmail.fixes import Applied, apply, buttons, token
from backend.models import Exposure, Finding, FixPlan, Severity, Verdict, WordedFinding

STAFF, OTHER_STAFF = "office@maplevalley.k12.example", "nurse@maplevalley.k12.example"
A, B, C = "wei.chen@gmail.com", "Sam.Ortiz@Yahoo.com", "family@outlook.com"
LIST = "all@maplevalley.k12.example"


def _verdict(*plans: tuple[str, Severity, FixPlan | None]) -> Verdict:
    findings = tuple(
        WordedFinding(Finding(code, severity, plan=plan), "summary", "fix") for code, severity, plan in plans
    )
    return Verdict("warn", "h", "m", "", findings, Exposure(0, 0, 0, ()), "id")


def test_a_button_carries_exactly_the_plans_targets_even_staff() -> None:
    # The plan names a staff address: the card does not second-guess it.
    verdict = _verdict(("visible_recipients", "warn", FixPlan("move_to_bcc", (A, STAFF))))
    [fix] = buttons(verdict)
    assert fix.action == "move_to_bcc"
    assert fix.targets == (token(A), token(STAFF))
    assert fix.label == "Move the 2 outside recipients to Bcc"


BUTTONS = [  # (findings' plans, actions of the buttons offered)
    ([("visible_recipients", "warn", FixPlan("move_to_bcc", (A, B)))], ["move_to_bcc"]),
    ([("protected_list", "warn", FixPlan("remove_recipients", (LIST,)))], ["remove_recipients"]),
    ([("personal_account", "block", FixPlan("remove_recipients", (A,)))], ["remove_recipients"]),
    (
        [
            ("visible_recipients", "warn", FixPlan("move_to_bcc", (A,))),
            ("protected_list", "warn", FixPlan("remove_recipients", (LIST,))),
        ],
        ["move_to_bcc", "remove_recipients"],
    ),
    ([("roster_attached", "block", FixPlan("remove_attachment", ("roster.xlsx",)))], []),
    ([("shared_link", "warn", FixPlan("remove_link", ("https://docs.example/x",)))], []),
    ([("visible_recipients", "info", FixPlan("move_to_bcc", (A,)))], []),
    ([("visible_recipients", "warn", None)], []),
    (
        [  # two findings, one plan: one button
            ("protected_list", "warn", FixPlan("remove_recipients", (LIST,))),
            ("large_audience", "warn", FixPlan("remove_recipients", (LIST,))),
        ],
        ["remove_recipients"],
    ),
]


@pytest.mark.parametrize(("plans", "offered"), BUTTONS)
def test_only_plans_a_compose_card_can_execute_become_buttons(
    plans: list[tuple[str, Severity, FixPlan | None]], offered: list[str]
) -> None:
    assert [f.action for f in buttons(_verdict(*plans))] == offered


def _event(to: tuple[str, ...], cc: tuple[str, ...] = (), bcc: tuple[str, ...] = ()) -> GmailEvent:
    return GmailEvent(to=to, cc=cc, bcc=bcc, recipients_known=True)


APPLIED = [  # (action, plan targets, draft now, whole new fields)
    ("move_to_bcc", (A, B), _event((STAFF, A), (B,)), Applied((STAFF,), (), (A, B), 2)),
    ("move_to_bcc", (A,), _event((STAFF, A), (), (C,)), Applied((STAFF,), (), (C, A), 1)),  # Bcc keeps C
    ("move_to_bcc", (B.lower(),), _event((B,)), Applied((), (), (B,), 1)),  # addresses match without case
    ("move_to_bcc", (A,), _event((A,), (), (A,)), Applied((), (), (A,), 1)),  # already in Bcc: once
    ("move_to_bcc", (A,), _event((STAFF,), (OTHER_STAFF,)), Applied((STAFF,), (OTHER_STAFF,), (), 0)),  # gone
    ("move_to_bcc", (C,), _event((A, B)), Applied((A, B), (), (), 0)),  # only the plan's, not "outside" ones
    ("remove_recipients", (A,), _event((STAFF,), (A,), (A,)), Applied((STAFF,), (), (), 2)),
    ("remove_recipients", (B,), _event((A, B, C)), Applied((A, C), (), (), 1)),
    ("remove_recipients", (STAFF,), _event((STAFF, A)), Applied((A,), (), (), 1)),
    ("remove_recipients", (C,), _event((A,), (B,)), Applied((A,), (B,), (), 0)),
]


@pytest.mark.parametrize(("action", "targets", "event", "expected"), APPLIED)
def test_a_plan_is_applied_to_the_recipients_the_press_arrived_with(
    action: str, targets: tuple[str, ...], event: GmailEvent, expected: Applied
) -> None:
    assert action in ("move_to_bcc", "remove_recipients")
    got = apply(action, [token(t) for t in targets], event)  # type: ignore[arg-type]
    assert got == expected


def test_tokens_are_short_stable_and_not_the_address() -> None:
    assert token(B) == token(B.lower()) == token(f"  {B} ")
    assert len(token(A)) == 10 and "@" not in token(A) and token(A) != token(C)
