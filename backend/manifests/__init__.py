"""Deployment manifests for one service URL: what IT uploads to Microsoft 365 (and Google).

`write_manifests` writes every client's manifests under `out_dir`, one folder per client, and
returns the paths it wrote. The Outlook manifests need the district's Entra app (`outlook.client_id`
and `outlook.tenant_ids`); without them `NoSignIn` names the missing key. The repository's
manifests/outlook/*.example.* are its output for https://guard.district.example and a placeholder
client id: examples, not something to upload.
"""

from __future__ import annotations

import json
import uuid
import zipfile
from pathlib import Path

from backend.manifests.gmail import write_gmail_deployment
from backend.manifests.outlook import addin_id, normalize_base, unified_manifest, xml_manifest
from backend.policy import Policy
from backend.settings import Settings

ZIP_DATE = (2024, 1, 1, 0, 0, 0)  # fixed, so the same inputs give the same bytes


def write_manifests(
    base_url: str,
    out_dir: Path,
    policy: Policy,
    *,
    outlook_id: uuid.UUID | None = None,
    addin_dir: Path | None = None,
) -> list[Path]:
    written = write_outlook(base_url, out_dir / "outlook", policy, manifest_id=outlook_id, addin_dir=addin_dir)
    written.append(write_gmail_deployment(base_url, out_dir, policy))
    return written


def write_outlook(
    base_url: str,
    out_dir: Path,
    policy: Policy,
    *,
    manifest_id: uuid.UUID | None = None,
    addin_dir: Path | None = None,
) -> list[Path]:
    """manifest.xml (add-in only manifest), manifest.json and its zip package with the two icons."""
    base = normalize_base(base_url)
    manifest_id = manifest_id or addin_id(base)
    icons_dir = (addin_dir or Settings().addin_dir) / "outlook" / "icons"
    out_dir.mkdir(parents=True, exist_ok=True)

    xml_path = out_dir / "manifest.xml"
    xml_path.write_text(xml_manifest(base, policy, manifest_id=manifest_id), "utf-8")
    manifest = json.dumps(unified_manifest(base, policy, manifest_id=manifest_id), indent=2) + "\n"
    json_path = out_dir / "manifest.json"
    json_path.write_text(manifest, "utf-8")

    icons = {"color.png": icons_dir / "color-192.png", "outline.png": icons_dir / "outline-32.png"}
    package = out_dir / "crossing-guard-outlook.zip"
    with zipfile.ZipFile(package, "w", zipfile.ZIP_DEFLATED) as archive:
        _add(archive, "manifest.json", manifest.encode("utf-8"))
        for name, source in icons.items():
            _add(archive, name, source.read_bytes())
    return [xml_path, json_path, package]


def _add(archive: zipfile.ZipFile, name: str, data: bytes) -> None:
    info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    archive.writestr(info, data)
