"""The command line: serve the API, check files or an .eml before a bulk send, validate policy.

Exit codes of `check` (documented in the README): 0 allow, 1 warn, 2 block. Usage errors exit 64;
unreadable input files or an invalid policy exit 65.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import mimetypes
import os
import sys
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from backend.errors import PolicyError
from backend.models import Attachment, OutgoingMessage, Person, Recipient, Verdict
from backend.policy import Policy, iter_keys, load_demo_policy, load_policy
from backend.response import verdict_json
from backend.roster.cli import add_commands as roster_commands
from backend.roster.cli import run as roster_import_or_status

if TYPE_CHECKING:
    from backend.platforms.base import Command
    from backend.store.memory import Memory

EXIT = {"allow": 0, "warn": 1, "block": 2}
EX_USAGE, EX_DATAERR = 64, 65


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(EX_USAGE, f"{self.prog}: {message}\n")


def _fail(message: str, code: int = EX_DATAERR) -> NoReturn:
    print(f"crossing-guard: {message}", file=sys.stderr)
    raise SystemExit(code)


def _policy(path: str | None) -> Policy:
    try:
        return load_policy(path) if path else load_demo_policy()
    except PolicyError as exc:
        _fail(str(exc))


def parser() -> argparse.ArgumentParser:
    return _parser_and_commands()[0]


def _parser_and_commands() -> tuple[argparse.ArgumentParser, dict[str, Command]]:
    p = _Parser(prog="crossing-guard", description="A second look before school email leaves.")
    sub = p.add_subparsers(dest="command", required=True, parser_class=_Parser)

    serve = sub.add_parser("serve", help="run the service")
    serve.add_argument("--policy", help="district policy file (default: the embedded demo district)")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--demo", action="store_true",
                       help="let the demo page on this machine check without a key (off when a public URL is set)")

    check = sub.add_parser("check", help="check files or a saved message before sending")
    check.add_argument("files", nargs="*", metavar="FILE", help="attachments to check")
    check.add_argument("--eml", metavar="MESSAGE.eml", help="a saved message to check as it is")
    check.add_argument("--to", nargs="+", default=[], metavar="ADDRESS", help="recipients (To)")
    check.add_argument("--cc", nargs="+", default=[], metavar="ADDRESS")
    check.add_argument("--bcc", nargs="+", default=[], metavar="ADDRESS")
    check.add_argument("--list", nargs="+", default=[], metavar="ADDRESS", help="recipients that are lists")
    check.add_argument("--from", dest="sender", default="", metavar="ADDRESS", help="the sender")
    check.add_argument("--subject", default="")
    check.add_argument("--body", default="", help="message text")
    check.add_argument("--policy", help="district policy file")
    check.add_argument("--json", action="store_true", help="print the API's JSON response")

    pol = sub.add_parser("policy", help="validate or describe policy files")
    pol_sub = pol.add_subparsers(dest="policy_command", required=True, parser_class=_Parser)
    validate = pol_sub.add_parser("validate", help="check a policy file; exit 65 naming the key if invalid")
    validate.add_argument("file")
    pol_sub.add_parser("keys", help="print every policy key with its default (Markdown)")

    man = sub.add_parser("manifests", help="write the Outlook and Gmail manifests for a district")
    man.add_argument("--base-url", required=True, help="the service's public https URL")
    man.add_argument("--out", required=True, help="directory to write to")
    man.add_argument("--policy", help="district policy file")

    store = sub.add_parser("store", help="the district memory: check records")
    store_sub = store.add_subparsers(dest="store_command", required=True, parser_class=_Parser)
    purge = store_sub.add_parser("purge", help="delete records older than memory.retention_days")
    purge.add_argument("--policy", help="district policy file")
    roster_commands(sub, _Parser)
    return p, _platform_commands(sub)


def _platform_commands(sub: argparse._SubParsersAction[Any]) -> dict[str, Command]:
    from backend.platforms import PLATFORMS

    return {name: handler for platform in PLATFORMS for name, handler in platform.commands(sub).items()}


def _message(args: argparse.Namespace) -> OutgoingMessage:
    if args.eml:
        from backend.eml import message_from_eml

        try:
            base = message_from_eml(Path(args.eml).read_bytes())
        except OSError as exc:
            _fail(f"{args.eml}: cannot be read ({exc.strerror or type(exc).__name__})")
    else:
        base = OutgoingMessage(sender=Person(args.sender), client_app="cli")
    attachments = list(base.attachments)
    for name in args.files:
        path = Path(name)
        try:
            content = path.read_bytes()
        except OSError as exc:
            _fail(f"{name}: cannot be read ({exc.strerror or type(exc).__name__})")
        attachments.append(Attachment(path.name, mimetypes.guess_type(path.name)[0] or "", len(content), content))
    if not args.eml and not args.files and not args.body:
        _fail("give files to check, --eml MESSAGE.eml, or --body TEXT", EX_USAGE)
    extra = (
        tuple(Recipient(a, field="to") for a in args.to)
        + tuple(Recipient(a, field="cc") for a in args.cc)
        + tuple(Recipient(a, field="bcc") for a in args.bcc)
        + tuple(Recipient(a, kind="list", field="to") for a in args.list)
    )
    return OutgoingMessage(
        sender=Person(args.sender) if args.sender else base.sender,
        to=base.to + tuple(r for r in extra if r.field == "to"),
        cc=base.cc + tuple(r for r in extra if r.field == "cc"),
        bcc=base.bcc + tuple(r for r in extra if r.field == "bcc"),
        subject=args.subject or base.subject,
        body_text=args.body or base.body_text,
        body_html=base.body_html,
        attachments=tuple(attachments),
        client_app="cli",
    )


def render(verdict: Verdict) -> str:
    e = verdict.exposure
    lines = [f"{verdict.verdict.upper()}  {verdict.headline}", "", verdict.message, ""]
    for w in verdict.findings:
        f = w.finding
        where = f" in {f.attachment}" if f.attachment else ""
        lines.append(f"  [{f.severity}] {f.code}{where}: {w.summary}")
        if f.severity != "info":
            lines.append(f"         fix: {w.fix}")
    lines.append("")
    lines.append(f"Students exposed: {e.people:,}   recipients: {e.recipients:,}   "
                 f"not entitled: {e.outside_recipients:,}   data: {', '.join(e.data) or 'none'}")
    return "\n".join(lines)


def _check(args: argparse.Namespace) -> int:
    from backend.engine import Engine
    from backend.integrations import build_enricher
    from backend.roster.source import roster_source
    from backend.settings import Settings

    policy = _policy(args.policy)
    message = _message(args)
    # Links and lists are looked up as the service would, when lookup credentials are configured.
    settings = Settings.from_env()
    enricher = build_enricher(settings, policy)
    roster = roster_source(settings, policy)

    engine = Engine(policy, enricher, roster)
    memory = _cli_memory(policy)
    engine.memory = memory

    async def run() -> Verdict:
        try:
            return await engine.check(message)
        finally:
            if enricher is not None:
                await enricher.aclose()

    try:
        verdict = asyncio.run(run())
    finally:
        if memory is not None:
            memory.stop()  # writes the record (or spools it) before the command exits
    print(json.dumps(verdict_json(verdict), indent=2) if args.json else render(verdict))
    return EXIT[verdict.verdict]


def _cli_memory(policy: Policy) -> Memory | None:
    """The command line records its checks only where the environment names a store explicitly."""
    from backend.settings import Settings
    from backend.store import keeps_records
    from backend.store.memory import Memory

    env = os.environ
    if not (env.get("CROSSING_GUARD_DATA_DIR") or env.get("CROSSING_GUARD_DATABASE_URL")):
        return None
    settings = Settings.from_env()
    if not keeps_records(settings):  # CROSSING_GUARD_RECORDS=off
        return None
    memory = Memory(settings, policy)
    memory.start()
    return memory


def _store(args: argparse.Namespace) -> int:
    from backend.settings import Settings
    from backend.store import keeps_records, open_store
    from backend.store.breaker import now
    from backend.store.purge import purge

    policy = _policy(args.policy)
    settings = Settings.from_env()
    if not keeps_records(settings):
        _fail("no check records are kept here (CROSSING_GUARD_RECORDS=off)", EX_USAGE)
    try:
        store = open_store(settings)
    except Exception as exc:
        _fail(f"the store could not be opened ({type(exc).__name__})")
    try:
        deleted = purge(store.engine, policy.memory.retention_days, now())
    finally:
        store.close()
    print(f"purged {deleted} check records older than {policy.memory.retention_days} days")
    return 0


def _serve(args: argparse.Namespace) -> int:
    import uvicorn

    from backend.app import create_app
    from backend.connections import server_options
    from backend.settings import Settings

    settings = Settings.from_env()
    policy_path = args.policy or settings.policy_path
    policy = _policy(policy_path)
    settings = replace(settings, demo=(args.demo or not policy_path) and not settings.public_url)
    logging.basicConfig(level=settings.extra.get("CROSSING_GUARD_LOG_LEVEL", "INFO"), format="%(message)s")
    print(f"Crossing Guard for {policy.district.name}: http://{args.host}:{args.port}/demo", file=sys.stderr)
    uvicorn.run(create_app(settings, policy), host=args.host, port=args.port, log_level="warning",
                access_log=False, **server_options(policy.capacity))
    return 0


def _policy_cmd(args: argparse.Namespace) -> int:
    if args.policy_command == "validate":
        policy = _policy(args.file)
        print(f"{args.file}: valid policy for {policy.district.name}")
        return 0
    print("| key | default | what it does |\n|---|---|---|")
    for key, default, help_text in iter_keys():
        print(f"| `{key}` | `{default}` | {help_text} |")
    return 0


def _manifests(args: argparse.Namespace) -> int:
    from backend.platforms import PLATFORMS

    policy = _policy(args.policy)
    if not args.base_url.startswith("https://"):
        _fail("--base-url must be an https:// URL (Outlook and Google load add-ins only over https)", EX_USAGE)
    from backend.manifests.outlook import NoSignIn

    for platform in PLATFORMS:
        try:
            written = platform.documents(args.base_url.rstrip("/"), Path(args.out), policy)
        except NoSignIn as exc:
            _fail(f"{args.policy or 'the demo policy'}: {exc}")
        for path in written:
            print(path)
    return 0


def main(argv: list[str] | None = None) -> int:
    cli, commands = _parser_and_commands()
    args = cli.parse_args(argv)
    handlers = {"serve": _serve, "check": _check, "policy": _policy_cmd, "manifests": _manifests, "store": _store,
                "roster": roster_import_or_status, **commands}
    return handlers[args.command](args)


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
