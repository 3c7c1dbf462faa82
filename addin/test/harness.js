// Loads launchevent.js in a bare `vm` context (no window, document or require) with a stub of the
// Office objects it uses, built with office-addin-mock, and a recording fetch.
"use strict";

const fs = require("node:fs");
const path = require("node:path");
const vm = require("node:vm");
const { OfficeMockObject } = require("office-addin-mock");

const SOURCE = fs.readFileSync(path.join(__dirname, "..", "outlook", "launchevent.js"), "utf8");
// What the service serves at /addin/outlook/launchevent.js: MSAL's build, then the handler (see
// backend/outlook/routes.py; tests/outlook/test_routes.py checks the served file is exactly this).
const VENDOR = fs.readFileSync(path.join(__dirname, "..", "outlook", "vendor", "msal-browser.min.js"), "utf8");
const TENANT = "7d3c2b1a-0000-4000-8000-00000000d157";
const CONFIG_RE = /\/\*@config\*\/[\s\S]*?\/\*@end-config\*\//;

function withConfig(overrides) {
  const config = {
    serviceUrl: "https://guard.district.example",
    failMode: "allow_with_note",
    timeoutMs: 3500,
    clientId: "11111111-2222-3333-4444-555555555555",
    scope: "api://guard.district.example/11111111-2222-3333-4444-555555555555/Check.Send",
    authority: "https://login.microsoftonline.com/" + TENANT,
    maxAttachmentBytes: 1000,
    version: "test",
    ...overrides,
  };
  return SOURCE.replace(CONFIG_RE, "/*@config*/ " + JSON.stringify(config) + " /*@end-config*/");
}

function ok(value) {
  return { status: "succeeded", value };
}

function failed(message) {
  return { status: "failed", error: { code: 9999, message } };
}

/** A compose item whose fields the test can change between events. */
function makeItem(init = {}) {
  const state = {
    to: [{ emailAddress: "parent@gmail.example", displayName: "A Parent", recipientType: "externalUser" }],
    cc: [{ emailAddress: "AllStudents@district.example", displayName: "All Students", recipientType: "distributionList" }],
    bcc: [{ emailAddress: "teacher@district.example", displayName: "A Teacher", recipientType: "user" },
          { emailAddress: "Someone Unresolved", displayName: "Someone Unresolved", recipientType: "other" }],
    subject: "Bus routes",
    body: "<p>Hello</p>",
    attachments: [
      { id: "a1", name: "routes.xlsx", size: 12, attachmentType: "file", isInline: false, contentType: "application/vnd.ms-excel" },
      { id: "a2", name: "Shared sheet", size: 0, attachmentType: "cloud", isInline: false },
      { id: "a3", name: "Forwarded.eml", size: 40, attachmentType: "item", isInline: false },
    ],
    contents: {
      a1: { format: "base64", content: "UEsDBA==" },
      a2: { format: "url", content: "https://district-my.sharepoint.example/roster.xlsx" },
      a3: { format: "eml", content: "Subject: café\r\n\r\nhi" },
    },
    failing: {},
    session: {},
    ...init,
  };
  const calls = [];
  const field = (name) => ({
    getAsync(cb) { calls.push(name + ".getAsync"); cb(ok(state[name].slice())); },
    setAsync(value, cb) { calls.push(name + ".setAsync"); state[name] = value.slice(); if (cb) cb(ok()); },
    addAsync(value, cb) { calls.push(name + ".addAsync"); state[name] = state[name].concat(value); if (cb) cb(ok()); },
  });
  const item = {
    to: field("to"),
    cc: field("cc"),
    bcc: field("bcc"),
    subject: { getAsync(cb) { calls.push("subject.getAsync"); cb(ok(state.subject)); } },
    body: {
      getAsync(format, cb) {
        calls.push("body.getAsync:" + format);
        cb(state.failing.body ? failed("body") : ok(state.body));
      },
    },
    getAttachmentsAsync(cb) {
      calls.push("getAttachmentsAsync");
      cb(state.failing.list ? failed("list") : ok(state.attachments.slice()));
    },
    getAttachmentContentAsync(id, cb) {
      calls.push("getAttachmentContentAsync:" + id);
      if (state.failing[id]) {
        cb(failed("content"));
      } else {
        cb(ok(state.contents[id] || { format: "base64", content: "" }));
      }
    },
    sessionData: {
      getAsync(name, cb) { cb(ok(state.session[name] === undefined ? "" : state.session[name])); },
      setAsync(name, value, cb) { state.session[name] = value; if (cb) cb(ok()); },
    },
  };
  return { state, item, calls };
}

/** A fetch that answers from a script: a verdict, a status, an error, or never. */
function makeFetch(script) {
  const requests = [];
  const fetch = (url, init) => {
    const body = JSON.parse(init.body);
    requests.push({ url, init, body });
    const step = typeof script === "function" ? script(requests.length, body) : script;
    if (step.never) {
      return new Promise((resolve, reject) => {
        if (init.signal) {
          init.signal.addEventListener("abort", () => reject(new Error("aborted")));
        }
      });
    }
    if (step.networkError) {
      return Promise.reject(new TypeError("Failed to fetch"));
    }
    const status = step.status || 200;
    return Promise.resolve({
      status,
      ok: status >= 200 && status < 300,
      json: () => Promise.resolve(step.json),
    });
  };
  return { fetch, requests };
}

function verdict(name, extra = {}) {
  return {
    verdict: name,
    headline: name === "allow" ? "" : "This file lists 312 students' home addresses",
    message: name === "allow" ? "" : "This file lists 312 students' home addresses and bus stops. Each family should only get their own child's information.",
    details_markdown: "",
    findings: name === "allow" ? [] : [
      { code: "roster_attached", severity: name, summary: "...", fix: "Remove the attachment" },
      { code: "visible_recipients", severity: "info", summary: "...", fix: "Move the parents to Bcc" },
    ],
    exposure: { people: 312, recipients: 3, outside_recipients: 1, data: ["address"] },
    check_id: "chk_1",
    ...extra,
  };
}

/**
 * Load the handler. `mailbox` is the highest Mailbox requirement set the fake client supports.
 * Returns the context and helpers to fire events.
 */
function load({ mailbox = "1.15", config = {}, fetch, item, token = "token-abc", naa = null, tokenError = false,
                bundled = false, bridge = null, nestedAppAuth = Boolean(naa) } = {}) {
  const associated = {};
  const supported = (name, version) => {
    if (name === "Mailbox") return Number(version.split(".")[1]) <= Number(mailbox.split(".")[1]);
    if (name === "NestedAppAuth") return nestedAppAuth;
    return false;
  };
  const officeData = {
    context: {
      mailbox: {
        item: item.item,
        userProfile: { emailAddress: "kpatel@district.example", displayName: "Kiran Patel" },
      },
      requirements: { isSetSupported: supported },
    },
    actions: { associate: (name, fn) => { associated[name] = fn; } },
    MailboxEnums: { SendModeOverride: { PromptUser: "promptUser" } },
    auth: {
      getAccessToken: () => (tokenError ? Promise.reject(new Error("13001")) : Promise.resolve(token)),
    },
  };
  const Office = new OfficeMockObject(officeData, "outlook");
  // office-addin-mock wraps nested objects; hand the handler the item the test controls.
  Office.context.mailbox.item = item.item;
  const sandbox = {
    Office,
    fetch: fetch.fetch,
    setTimeout,
    clearTimeout,
    AbortController,
    console: { log() {}, error() {}, warn() {} },
  };
  if (naa) {
    sandbox.msal = naa;
  }
  if (bundled) {
    // The JavaScript-only runtime of classic Outlook: Office's own objects, OfficeRuntime.auth, the
    // web platform's crypto and text codecs, and (where the host offers NAA) its bridge on the global.
    Object.assign(sandbox, { crypto: globalThis.crypto, TextEncoder, TextDecoder, atob, btoa, performance, URL });
    sandbox.OfficeRuntime = { auth: officeData.auth };
  }
  const context = vm.createContext(sandbox);
  if (bundled) {
    context.globalThis = context;
    if (bridge) {
      context.window = context;
      context.nestedAppAuthBridge = bridge;
    }
  }
  const source = bundled ? VENDOR + "\n" + withConfig(config) : withConfig(config);
  vm.runInContext(source, context, { filename: "launchevent.js" });
  return { context, associated, Office };
}

/** Fire a handler and resolve with every event.completed call made within `settleMs` after the first. */
function fire(handler, settleMs = 30) {
  return new Promise((resolve) => {
    const completions = [];
    const event = {
      completed(options) {
        completions.push(options === undefined ? null : options);
        if (completions.length === 1) {
          setTimeout(() => resolve(completions), settleMs);
        }
      },
    };
    handler(event);
  });
}

module.exports = { SOURCE, VENDOR, TENANT, withConfig, makeItem, makeFetch, verdict, load, fire };
