"use strict";

const test = require("node:test");
const assert = require("node:assert/strict");
const vm = require("node:vm");
const { SOURCE, withConfig, makeItem, makeFetch, verdict, load, fire } = require("./harness");

const SEND = "onMessageSendHandler";
const RECIPIENTS = "onMessageRecipientsChangedHandler";
const ATTACHMENTS = "onMessageAttachmentsChangedHandler";

/** Objects made inside the vm context have other prototypes: compare them as plain JSON. */
function plain(value) {
  return value === undefined ? undefined : JSON.parse(JSON.stringify(value));
}

function setup(options = {}) {
  const item = options.item || makeItem(options.itemInit);
  const fetch = makeFetch(options.script || { json: verdict("allow") });
  const loaded = load({ ...options, item, fetch });
  return { item, fetch, ...loaded };
}

async function send(env) {
  const completions = await fire(env.associated[SEND]);
  assert.equal(completions.length, 1, "event.completed must be called exactly once");
  return plain(completions[0]);
}

// ---- The file itself ----

test("loads in a bare vm context: no window, no document, no require, no imports", () => {
  assert.doesNotMatch(SOURCE, /^\s*(import|export)\s/m);
  assert.doesNotMatch(SOURCE, /\brequire\(|\bdocument\.|\bwindow\./);
  assert.doesNotMatch(SOURCE, /[A-Za-z]:\\|\/(home|work|tmp|usr)\//, "no machine paths");
  const context = vm.createContext({});
  vm.runInContext(withConfig({}), context);
  assert.equal(typeof context.onMessageSendHandler, "function");
  assert.equal(vm.runInContext("typeof window + typeof document + typeof require", context),
    "undefinedundefinedundefined");
});

test("associates the three handlers named in the manifest", () => {
  const env = setup();
  assert.deepEqual(Object.keys(env.associated).sort(), [ATTACHMENTS, SEND, RECIPIENTS].sort());
});

test("the served file keeps the config markers the service fills in", () => {
  assert.match(SOURCE, /\/\*@config\*\/ \{[\s\S]*?\} \/\*@end-config\*\//);
});

// ---- Verdicts ----

test("allow -> allowEvent true; the request carries the whole message", async () => {
  const env = setup();
  assert.deepEqual(await send(env), { allowEvent: true });
  assert.equal(env.fetch.requests.length, 1);
  const { url, init, body } = env.fetch.requests[0];
  assert.equal(url, "https://guard.district.example/v1/check");
  assert.equal(init.headers.Authorization, "Bearer token-abc");
  assert.deepEqual(body.client, { app: "outlook", version: "test" });
  assert.deepEqual(body.sender, { email: "kpatel@district.example", name: "Kiran Patel" });
  assert.deepEqual(body.to, [{ email: "parent@gmail.example", name: "A Parent", kind: "external" }]);
  assert.deepEqual(body.cc, [{ email: "AllStudents@district.example", name: "All Students", kind: "list" }]);
  assert.deepEqual(body.bcc, [{ email: "teacher@district.example", name: "A Teacher", kind: "user" }]);
  assert.equal(body.subject, "Bus routes");
  assert.deepEqual(body.body, { html: "<p>Hello</p>" });
  assert.deepEqual(body.attachments[0], {
    name: "routes.xlsx", size: 12, content_type: "application/vnd.ms-excel", content_b64: "UEsDBA==",
  });
  assert.deepEqual(body.attachments[1], { name: "Shared sheet", size: 0, url: "https://district-my.sharepoint.example/roster.xlsx" });
  assert.equal(body.attachments[2].content_type, "message/rfc822");
  assert.equal(Buffer.from(body.attachments[2].content_b64, "base64").toString("utf8"), "Subject: café\r\n\r\nhi");
});

test("recipient types map to the service's kinds, other types to 'other'", async () => {
  const env = setup({ itemInit: { to: [{ emailAddress: "x@y.example", recipientType: "somethingNew" }], cc: [], bcc: [] } });
  await send(env);
  assert.deepEqual(env.fetch.requests[0].body.to, [{ email: "x@y.example", name: "", kind: "other" }]);
});

test("warn on Mailbox 1.15 -> prompt user, markdown and the task pane button", async () => {
  const env = setup({ script: { json: verdict("warn") } });
  const options = await send(env);
  assert.equal(options.allowEvent, false);
  assert.equal(options.sendModeOverride, "promptUser");
  assert.equal(options.commandId, "msgComposeOpenPaneButton");
  assert.ok(options.cancelLabel.length <= 20);
  const context = JSON.parse(options.contextData);
  assert.deepEqual(context.result, verdict("warn"), "the task pane gets the Send verdict itself");
  assert.match(context.key, /^[0-9a-f]{16}:\d+$/);
  assert.match(options.errorMessage, /312 students/);
  assert.match(options.errorMessageMarkdown, /^\*\*This file lists 312 students' home addresses\*\*/);
  assert.match(options.errorMessageMarkdown, /\n\n- Remove the attachment\r$/, "list items end in \\r");
  assert.doesNotMatch(options.errorMessageMarkdown, /Bcc/, "info findings are not in the dialog");
  assert.ok(options.errorMessageMarkdown.length <= 500);
});

test("warn on Mailbox 1.14 -> prompt user and button, no markdown", async () => {
  const options = await send(setup({ mailbox: "1.14", script: { json: verdict("warn") } }));
  assert.equal(options.sendModeOverride, "promptUser");
  assert.equal(options.commandId, "msgComposeOpenPaneButton");
  assert.equal(options.errorMessageMarkdown, undefined);
});

test("warn on Mailbox 1.12 -> plain message; Send again on the unchanged message goes", async () => {
  const env = setup({ mailbox: "1.12", script: { json: verdict("warn") } });
  const first = await send(env);
  assert.deepEqual(Object.keys(first).sort(), ["allowEvent", "errorMessage"]);
  assert.equal(first.allowEvent, false);
  assert.match(first.errorMessage, /Select Send again to send it anyway\.$/);
  assert.ok(first.errorMessage.length <= 500);
  assert.deepEqual(await send(env), { allowEvent: true });
  env.item.state.subject = "Changed";
  assert.equal((await send(env)).allowEvent, false, "a changed message is warned again");
});

test("block -> allowEvent false, never 'send anyway'", async () => {
  for (const mailbox of ["1.12", "1.14", "1.15"]) {
    const env = setup({ mailbox, script: { json: verdict("block") } });
    const options = await send(env);
    assert.equal(options.allowEvent, false, mailbox);
    assert.equal(options.sendModeOverride, undefined, mailbox);
    assert.match(options.errorMessage, /^This file lists 312 students/);
    assert.equal(options.commandId, mailbox === "1.12" ? undefined : "msgComposeOpenPaneButton");
    assert.equal(typeof options.errorMessageMarkdown, mailbox === "1.15" ? "string" : "undefined");
    assert.equal((await send(env)).allowEvent, false, "a second Send is still blocked");
  }
});

test("messages longer than 500 characters are clipped on a word", async () => {
  const long = "Students' records ".repeat(60);
  const options = await send(setup({ script: { json: verdict("block", { message: long, headline: long }) } }));
  assert.ok(options.errorMessage.length <= 500);
  assert.ok(options.errorMessage.endsWith("…"));
  assert.ok(options.errorMessageMarkdown.length <= 500);
});

test("markdown special characters in names are escaped", async () => {
  const result = verdict("block", { headline: "File *roster*_[1].xlsx", message: "x" });
  const options = await send(setup({ script: { json: result } }));
  assert.match(options.errorMessageMarkdown, /^\*\*File \\\*roster\\\*\\_\\\[1\\\]\.xlsx\*\*/);
});

// ---- Failures: every one ends in exactly one completion, by the district's fail mode ----

const FAILURES = {
  timeout: { never: true },
  "HTTP 500": { status: 500, json: { error: {} } },
  "HTTP 503": { status: 503, json: {} },
  "network error": { networkError: true },
  "HTTP 401": { status: 401, json: {} },
  "not a verdict": { json: { hello: 1 } },
};

for (const [name, script] of Object.entries(FAILURES)) {
  test(`${name} -> allow_with_note: a plain note and 'send anyway'`, async () => {
    const env = setup({ script, config: { timeoutMs: 150 } });
    const options = await send(env);
    assert.equal(options.allowEvent, false);
    assert.equal(options.sendModeOverride, "promptUser");
    assert.match(options.errorMessage, /has not been checked/);
    assert.equal(options.commandId, undefined);
  });

  test(`${name} -> hold: mail is held, no 'send anyway'`, async () => {
    const env = setup({ script, config: { timeoutMs: 150, failMode: "hold" } });
    const options = await send(env);
    assert.equal(options.allowEvent, false);
    assert.equal(options.sendModeOverride, undefined);
    assert.match(options.errorMessage, /holds mail until it has been checked/);
  });
}

test("a slow service is cut off at the client deadline", async () => {
  const env = setup({ script: { never: true }, config: { timeoutMs: 120 } });
  const started = Date.now();
  const options = await send(env);
  assert.ok(Date.now() - started < 1000);
  assert.match(options.errorMessage, /took too long/);
});

test("no token -> fail mode, and the service is not called", async () => {
  const env = setup({ tokenError: true });
  const options = await send(env);
  assert.equal(options.allowEvent, false);
  assert.match(options.errorMessage, /could not sign you in/);
  assert.equal(env.fetch.requests.length, 0);
});

test("allow_with_note before Mailbox 1.14: Send again goes", async () => {
  const env = setup({ mailbox: "1.12", script: { status: 502, json: {} } });
  const first = await send(env);
  assert.equal(first.allowEvent, false);
  assert.equal(first.sendModeOverride, undefined);
  assert.match(first.errorMessage, /select Send again/);
  assert.deepEqual(await send(env), { allowEvent: true });
});

test("hold before Mailbox 1.14: Send again is still held", async () => {
  const env = setup({ mailbox: "1.12", script: { status: 502, json: {} }, config: { failMode: "hold" } });
  assert.equal((await send(env)).allowEvent, false);
  assert.equal((await send(env)).allowEvent, false);
});

test("an attachment that cannot be read is sent with read_error, never dropped", async () => {
  const item = makeItem();
  item.state.failing.a1 = true;
  item.state.attachments.push({ id: "a4", name: "empty.csv", size: 3, attachmentType: "file" });
  item.state.attachments.push({ id: "a5", name: "huge.xlsx", size: 5000, attachmentType: "file" });
  const env = setup({ item });
  assert.deepEqual(await send(env), { allowEvent: true });
  const sent = env.fetch.requests[0].body.attachments;
  assert.equal(sent.length, 5);
  assert.deepEqual(sent[0], { name: "routes.xlsx", size: 12, content_type: "application/vnd.ms-excel", read_error: "read_failed" });
  assert.equal(sent[3].read_error, "empty");
  assert.equal(sent[4].read_error, "too_large");
  assert.ok(!item.calls.includes("getAttachmentContentAsync:a5"), "a file over the limit is not read");
});

test("the attachment list cannot be read -> fail mode, one completion", async () => {
  const item = makeItem();
  item.state.failing.list = true;
  const env = setup({ item });
  const options = await send(env);
  assert.equal(options.allowEvent, false);
  assert.match(options.errorMessage, /could not read this message/);
  assert.equal(env.fetch.requests.length, 0);
});

test("the body cannot be read -> fail mode, one completion", async () => {
  const item = makeItem();
  item.state.failing.body = true;
  const options = await send(setup({ item, config: { failMode: "hold" } }));
  assert.equal(options.allowEvent, false);
  assert.match(options.errorMessage, /holds mail/);
});

test("Office.js throwing synchronously still ends in one completion", async () => {
  const item = makeItem();
  item.item.subject.getAsync = () => { throw new Error("boom"); };
  const options = await send(setup({ item }));
  assert.equal(options.allowEvent, false);
});

// ---- Checking ahead and the cached verdict ----

test("recipients changed: checks ahead, completes once, and Send reuses the verdict", async () => {
  const env = setup({ script: { json: verdict("block") } });
  const completions = await fire(env.associated[RECIPIENTS]);
  assert.deepEqual(plain(completions), [null]);
  assert.equal(env.fetch.requests.length, 1);
  const options = await send(env);
  assert.equal(options.allowEvent, false);
  assert.equal(env.fetch.requests.length, 1, "Send used the cached verdict");
});

test("attachments changed: checks ahead; Send after an unchanged message does not call again", async () => {
  const env = setup();
  assert.deepEqual(plain(await fire(env.associated[ATTACHMENTS])), [null]);
  assert.deepEqual(await send(env), { allowEvent: true });
  assert.equal(env.fetch.requests.length, 1);
});

test("any change invalidates the cached verdict", async () => {
  const changes = {
    body: (s) => { s.body = "<p>Hello, with the roster pasted</p>"; },
    subject: (s) => { s.subject = "Other"; },
    to: (s) => { s.to = s.to.concat([{ emailAddress: "new@x.example", recipientType: "externalUser" }]); },
    bcc: (s) => { s.bcc = []; },
    attachment: (s) => { s.attachments = s.attachments.slice(1); },
    "attachment size": (s) => { s.attachments = [{ ...s.attachments[0], size: 13 }]; },
  };
  for (const [name, change] of Object.entries(changes)) {
    const env = setup({ script: (n) => ({ json: verdict(n === 1 ? "allow" : "block") }) });
    await fire(env.associated[RECIPIENTS]);
    change(env.item.state);
    const options = await send(env);
    assert.equal(env.fetch.requests.length, 2, name);
    assert.equal(options.allowEvent, false, name);
  }
});

test("a failed check ahead is not cached", async () => {
  const env = setup({ script: (n) => (n === 1 ? { status: 500, json: {} } : { json: verdict("allow") }) });
  assert.deepEqual(plain(await fire(env.associated[RECIPIENTS])), [null]);
  assert.deepEqual(await send(env), { allowEvent: true });
  assert.equal(env.fetch.requests.length, 2);
});

test("a check ahead that hangs still completes its event", async () => {
  const env = setup({ script: { never: true }, config: { timeoutMs: 100 } });
  assert.deepEqual(plain(await fire(env.associated[RECIPIENTS])), [null]);
});

test("a cached verdict older than ten minutes is not reused", async () => {
  const env = setup();
  await fire(env.associated[RECIPIENTS]);
  const entry = JSON.parse(env.item.state.session["crossingGuard.verdict"]);
  entry.at -= 11 * 60 * 1000;
  env.item.state.session["crossingGuard.verdict"] = JSON.stringify(entry);
  await send(env);
  assert.equal(env.fetch.requests.length, 2);
});

test("the cache holds no message content, only the verdict and a hash key", async () => {
  const env = setup({ script: { json: verdict("block") } });
  await fire(env.associated[RECIPIENTS]);
  const raw = env.item.state.session["crossingGuard.verdict"];
  assert.doesNotMatch(raw, /parent@gmail|Bus routes|Hello|UEsDBA/);
  assert.match(JSON.parse(raw).key, /^[0-9a-f]{16}:\d+$/);
});

// ---- Signing in ----

test("nested app authentication is used where MSAL and NestedAppAuth 1.1 are present", async () => {
  const scopes = [];
  const naa = {
    createNestablePublicClientApplication: () => Promise.resolve({
      acquireTokenSilent: (request) => { scopes.push(request.scopes); return Promise.resolve({ accessToken: "naa-token" }); },
    }),
  };
  const env = setup({ naa });
  await send(env);
  assert.equal(env.fetch.requests[0].init.headers.Authorization, "Bearer naa-token");
  assert.deepEqual(plain(scopes), [["api://guard.district.example/11111111-2222-3333-4444-555555555555/Check.Send"]]);
});

test("when NAA fails silently, Office SSO is the fallback", async () => {
  const naa = {
    createNestablePublicClientApplication: () => Promise.resolve({
      acquireTokenSilent: () => Promise.reject(new Error("interaction_required")),
    }),
  };
  const env = setup({ naa });
  await send(env);
  assert.equal(env.fetch.requests[0].init.headers.Authorization, "Bearer token-abc");
});
