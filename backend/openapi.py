"""The machine-readable description of the API (OpenAPI 3.1), served at /openapi.json.

A test validates real requests and responses against these schemas, so they cannot drift apart.
"""

from __future__ import annotations

from typing import Any, Final, get_args

from backend import __version__
from backend.datakinds import DATA_KINDS
from backend.models import FixAction

_RECIPIENT = {
    "oneOf": [
        {"type": "string", "format": "email"},
        {
            "type": "object",
            "required": ["email"],
            "properties": {
                "email": {"type": "string"},
                "name": {"type": "string"},
                "kind": {"enum": ["user", "external", "list", "other"], "default": "user"},
            },
        },
    ]
}

CHECK_REQUEST: Final[dict[str, Any]] = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "client": {
            "type": "object",
            "properties": {
                "app": {"enum": ["outlook", "gmail", "api", "demo", "cli", "gateway"], "default": "api"},
                "version": {"type": "string"},
            },
        },
        "sender": {"type": "object", "properties": {"email": {"type": "string"}, "name": {"type": "string"}}},
        "to": {"type": "array", "items": _RECIPIENT},
        "cc": {"type": "array", "items": _RECIPIENT},
        "bcc": {"type": "array", "items": _RECIPIENT},
        "subject": {"type": "string"},
        "recheck_of": {"type": "string", "description": "The check id of an earlier check of this message, "
                       "fixed and checked again: that check's outcome becomes \"fixed\"."},
        "body": {
            "oneOf": [
                {"type": "string"},
                {"type": "object", "properties": {"text": {"type": "string"}, "html": {"type": "string"}}},
            ]
        },
        "attachments": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "name": {"type": "string"},
                    "content_type": {"type": "string"},
                    "size": {"type": "integer", "minimum": 0},
                    "content_b64": {"type": "string", "contentEncoding": "base64"},
                    "url": {"type": "string"},
                    "read_error": {"type": "string", "description": "The client could not read the file."},
                    "ref": {
                        "type": "string",
                        "pattern": "^[0-9a-f]{64}$",
                        "description": "Instead of content_b64: the ref an earlier check answered for these bytes. "
                        "A ref the service no longer knows is answered 409 `attachment_not_cached`: send the "
                        "bytes again.",
                    },
                },
            },
        },
        "links": {"type": "array", "items": {"type": "string"}},
    },
}

CHECK_RESPONSE: Final[dict[str, Any]] = {
    "type": "object",
    "required": ["verdict", "headline", "message", "details_markdown", "findings", "exposure", "check_id"],
    "properties": {
        "verdict": {"enum": ["allow", "warn", "block"]},
        "headline": {"type": "string"},
        "message": {"type": "string", "maxLength": 500},
        "details_markdown": {"type": "string"},
        "findings": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["code", "severity", "summary", "fix"],
                "properties": {
                    "code": {"type": "string"},
                    "severity": {"enum": ["info", "warn", "block"]},
                    "summary": {"type": "string"},
                    "attachment": {"type": "string"},
                    "people": {"type": "integer"},
                    "data": {"type": "array", "items": {"enum": list(DATA_KINDS)}},
                    "recipients": {"type": "integer"},
                    "columns": {"type": "array", "items": {"type": "string"}},
                    "samples": {"type": "array", "items": {"type": "string"}},
                    "fix": {"type": "string", "description": "What to do, in words."},
                    "fix_plan": {
                        "type": "object",
                        "description": (
                            "The one-step fix, planned by the service for the client to execute as given: "
                            "`move_to_bcc` (targets: addresses in To or Cc to move to Bcc), `remove_recipients` "
                            "(addresses), `remove_attachment` (attachment names as sent), `remove_link` (URLs). "
                            "Absent when the fix needs a person."
                        ),
                        "required": ["action", "targets", "label"],
                        "properties": {
                            "action": {"enum": list(get_args(FixAction))},
                            "targets": {"type": "array", "items": {"type": "string"}, "minItems": 1},
                            "label": {"type": "string", "description": "Words for the button."},
                        },
                    },
                },
            },
        },
        "exposure": {
            "type": "object",
            "required": ["people", "recipients", "outside_recipients", "data"],
            "properties": {
                "people": {"type": "integer"},
                "recipients": {"type": "integer"},
                "outside_recipients": {"type": "integer"},
                "data": {"type": "array", "items": {"enum": list(DATA_KINDS)}},
            },
        },
        "check_id": {"type": "string"},
        "attachments": {
            "type": "array",
            "description": "One entry per attachment sent, in order: `ref` to send instead of its bytes next "
            "time (absent when the service did not keep what the file held).",
            "items": {"type": "object", "properties": {"ref": {"type": "string", "pattern": "^[0-9a-f]{64}$"}}},
        },
    },
}

ERROR: Final[dict[str, Any]] = {
    "type": "object",
    "required": ["error"],
    "properties": {
        "error": {
            "type": "object",
            "required": ["code", "message"],
            "properties": {"code": {"type": "string"}, "message": {"type": "string"}, "field": {"type": "string"}},
        }
    },
}


OUTCOME_REQUEST: Final[dict[str, Any]] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["outcome"],
    "properties": {"outcome": {"enum": ["sent_anyway", "fixed", "cancelled"]}},
}


def _json(schema: str) -> dict[str, Any]:
    return {"application/json": {"schema": {"$ref": f"#/components/schemas/{schema}"}}}


OPENAPI: Final[dict[str, Any]] = {
    "openapi": "3.1.0",
    "info": {"title": "Crossing Guard", "version": __version__,
             "description": "A second look before school email leaves."},
    "components": {
        "schemas": {"CheckRequest": CHECK_REQUEST, "CheckResponse": CHECK_RESPONSE, "Error": ERROR},
        "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
    },
    "security": [{"bearer": []}],
    "paths": {
        "/v1/check": {
            "post": {
                "summary": "Check a message before it is sent",
                "requestBody": {"required": True, "content": _json("CheckRequest")},
                "responses": {
                    "200": {"description": "The verdict", "content": _json("CheckResponse")},
                    "400": {"description": "Malformed request", "content": _json("Error")},
                    "401": {"description": "No valid credential", "content": _json("Error")},
                    "409": {"description": "An attachment ref the service no longer knows: send its bytes again",
                            "content": _json("Error")},
                    "413": {"description": "Request too large", "content": _json("Error")},
                    "415": {"description": "Not JSON", "content": _json("Error")},
                },
            }
        },
        "/v1/checks/{check_id}/outcome": {
            "post": {
                "summary": "Report what happened after a check: sent_anyway, fixed or cancelled",
                "parameters": [{"name": "check_id", "in": "path", "required": True, "schema": {"type": "string"}}],
                "requestBody": {"required": True, "content": {"application/json": {"schema": OUTCOME_REQUEST}}},
                "responses": {
                    "202": {"description": "Recorded"},
                    "400": {"description": "Not an outcome", "content": _json("Error")},
                    "401": {"description": "No valid credential", "content": _json("Error")},
                    "404": {"description": "No check of this caller has that id", "content": _json("Error")},
                    "503": {"description": "The store could not answer in time", "content": _json("Error")},
                },
            }
        },
        "/healthz": {"get": {"summary": "Liveness; `store` is ok, degraded or off", "security": [],
                             "responses": {"200": {"description": "ok"}}}},
    },
}
