"use strict";

// Outlook's own limits: three Office calls in flight, 100 recipients per call, attachments sent once.
const test = require("node:test");
const assert = require("node:assert/strict");
const { makeItem, makeFetch, verdict, load, fire } = require("./harness");

const SEND = "onMessageSendHandler";
const ATTACHMENTS = "onMessageAttachmentsChangedHandler";

function plain(value) {
  return value === undefined ? undefined : JSON.parse(JSON.stringify(value));
}

/** Every Office method of the item answers later, as real clients do; records the most in flight. */
function answerLater(env) {
  const meter = { now: 0, max: 0 };
  const delay = () => 1 + Math.floor(Math.random() * 4);
  const wrap = (owner, name) => {
    const original = owner[name];
    owner[name] = (...args) => {
      const cb = args.pop();
      meter.now += 1;
      meter.max = Math.max(meter.max, meter.now);
      original.call(owner, ...args, (result) => {
        setTimeout(() => { meter.now -= 1; cb(result); }, delay());
      });
    };
  };
  const item = env.item;
  for (const field of ["to", "cc", "bcc"]) {
    for (const method of ["getAsync", "setAsync", "addAsync"]) wrap(item[field], method);
  }
  wrap(item.subject, "getAsync");
  wrap(item.body, "getAsync");
  wrap(item, "getAttachmentsAsync");
  wrap(item, "getAttachmentContentAsync");
  wrap(item.sessionData, "getAsync");
  wrap(item.sessionData, "setAsync");
  return meter;
}

function manyAttachments(n) {
  const attachments = [];
  const contents = {};
  for (let i = 0; i < n; i++) {
    attachments.push({ id: "f" + i, name: `file${i}.csv`, size: 8, attachmentType: "file" });
    contents["f" + i] = { format: "base64", content: "YSxiCjEsMg==" };
  }
  return { attachments, contents };
}

test("never more than 3 Office calls in flight, with 40 attachments", async () => {
  const item = makeItem(manyAttachments(40));
  const fetch = makeFetch({ json: verdict("allow") });
  const env = load({ item, fetch });
  const meter = answerLater(item);
  const completions = await fire(env.associated[SEND], 50);
  assert.deepEqual(plain(completions), [{ allowEvent: true }]);
  assert.equal(fetch.requests[0].body.attachments.length, 40, "every attachment was read");
  assert.ok(meter.max <= 3, `at most 3 in flight, saw ${meter.max}`);
  assert.equal(meter.max, 3, "and the three slots were used");
  assert.equal(item.calls.filter((c) => c.startsWith("getAttachmentContentAsync")).length, 40);
});

test("a failing or throwing Office call frees its slot", async () => {
  const item = makeItem(manyAttachments(10));
  for (let i = 0; i < 10; i += 2) item.state.failing["f" + i] = true;
  const fetch = makeFetch({ json: verdict("allow") });
  const env = load({ item, fetch });
  const meter = answerLater(item);
  const completions = await fire(env.associated[SEND], 50);
  assert.deepEqual(plain(completions), [{ allowEvent: true }]);
  const sent = fetch.requests[0].body.attachments;
  assert.equal(sent.filter((a) => a.read_error === "read_failed").length, 5);
  assert.ok(meter.max <= 3);
});

// ---- An attachment is sent once: its bytes when it is added, the service's ref after that ----

const MB25 = 25 * 1024 * 1024;
const REF = "a".repeat(64);

function bigItem() {
  const b64 = Buffer.alloc(MB25, 7).toString("base64");
  return makeItem({
    attachments: [{ id: "big", name: "enrolment.xlsx", size: MB25, attachmentType: "file", contentType: "application/vnd.ms-excel" }],
    contents: { big: { format: "base64", content: b64 } },
  });
}

test("a Send after the check-ahead of a 25 MB attachment posts its ref, not its bytes", async () => {
  const item = bigItem();
  const fetch = makeFetch({ json: verdict("allow", { attachments: [{ ref: REF }] }) });
  const env = load({ item, fetch, config: { maxAttachmentBytes: 30 * 1024 * 1024 } });
  assert.deepEqual(plain(await fire(env.associated[ATTACHMENTS])), [null]);
  item.state.body = "<p>Hello, with one more line</p>"; // the verdict is stale, the attachment is not
  const completions = await fire(env.associated[SEND]);
  assert.deepEqual(plain(completions), [{ allowEvent: true }]);
  const [ahead, send] = fetch.requests.map((r) => Buffer.byteLength(r.init.body));
  console.log(`# bytes on the wire for a 25 MB attachment: check-ahead ${ahead}, Send ${send}`);
  assert.ok(ahead > MB25 * 4 / 3, "the check-ahead carried the file");
  assert.ok(send < 1000, `the Send posted ${send} bytes`);
  assert.deepEqual(fetch.requests[1].body.attachments, [
    { name: "enrolment.xlsx", size: MB25, content_type: "application/vnd.ms-excel", ref: REF },
  ]);
  assert.equal(item.calls.filter((c) => c === "getAttachmentContentAsync:big").length, 1, "read once");
});

test("a ref the service has forgotten: 409, the bytes are sent once more, and the Send goes", async () => {
  const item = bigItem();
  const script = (n) => {
    if (n === 2) return { status: 409, json: { error: { code: "attachment_not_cached", message: "...", field: "attachments[0].ref" } } };
    return { json: verdict("allow", { attachments: [{ ref: REF }] }) };
  };
  const fetch = makeFetch(script);
  const env = load({ item, fetch, config: { maxAttachmentBytes: 30 * 1024 * 1024 } });
  await fire(env.associated[ATTACHMENTS]);
  item.state.subject = "Changed";
  assert.deepEqual(plain(await fire(env.associated[SEND])), [{ allowEvent: true }]);
  assert.equal(fetch.requests.length, 3);
  assert.equal(fetch.requests[1].body.attachments[0].ref, REF);
  assert.ok(fetch.requests[2].body.attachments[0].content_b64.length > MB25, "resent with its bytes");
  assert.equal(fetch.requests[2].body.attachments[0].ref, undefined);
});

test("a service that forgets twice is a failure, not a loop", async () => {
  const item = bigItem();
  const forgot = { status: 409, json: { error: { code: "attachment_not_cached", message: "..." } } };
  const fetch = makeFetch((n) => (n === 1 ? { json: verdict("allow", { attachments: [{ ref: REF }] }) } : forgot));
  const env = load({ item, fetch, config: { maxAttachmentBytes: 30 * 1024 * 1024 } });
  await fire(env.associated[ATTACHMENTS]);
  item.state.subject = "Changed";
  const [options] = plain(await fire(env.associated[SEND]));
  assert.equal(options.allowEvent, false);
  assert.match(options.errorMessage, /service had a problem/);
  assert.equal(fetch.requests.length, 3);
});

test("100 attachments' refs stay within what sessionData holds", async () => {
  const item = makeItem(manyAttachments(100));
  item.state.attachments.forEach((a) => { a.id = "AAMkAGI2TG93AAA=" + "x".repeat(150) + a.id; });
  for (const a of item.state.attachments) item.state.contents[a.id] = { format: "base64", content: "YSxiCjEsMg==" };
  const refs = item.state.attachments.map((_, i) => ({ ref: i.toString(16).padStart(64, "0") }));
  const fetch = makeFetch({ json: verdict("allow", { attachments: refs }) });
  const env = load({ item, fetch });
  await fire(env.associated[ATTACHMENTS]);
  const stored = item.state.session["crossingGuard.attachmentRefs"];
  assert.ok(stored.length <= 8000, `${stored.length} characters`);
  assert.ok(Object.keys(JSON.parse(stored)).length >= 80, "most attachments keep their ref");
  assert.ok(stored.length + item.state.session["crossingGuard.verdict"].length < 50000);
});

test("a replaced attachment is read again; refs are kept only for this message's attachments", async () => {
  const item = makeItem();
  const fetch = makeFetch({ json: verdict("allow", { attachments: [{ ref: REF }, {}, {}] }) });
  const env = load({ item, fetch });
  await fire(env.associated[ATTACHMENTS]);
  item.state.attachments[0] = { ...item.state.attachments[0], id: "a9", size: 13 };
  item.state.contents.a9 = { format: "base64", content: "UEsDBA==" };
  await fire(env.associated[SEND]);
  assert.equal(fetch.requests[1].body.attachments[0].content_b64, "UEsDBA==");
  const refs = JSON.parse(item.state.session["crossingGuard.attachmentRefs"]);
  assert.deepEqual(Object.values(refs), [REF]);
  assert.doesNotMatch(JSON.stringify(refs), /UEsDBA/);
});

// ---- Recipients: at most 100 per call ----

function people(n) {
  return Array.from({ length: n }, (_, i) => ({ emailAddress: `family${i}@gmail.example`, displayName: "" }));
}

function countingField(item, field) {
  const sizes = [];
  for (const method of ["setAsync", "addAsync"]) {
    const original = item.item[field][method];
    item.item[field][method] = (value, cb) => {
      assert.ok(value.length <= 100, `${method} got ${value.length} recipients`);
      sizes.push(method + ":" + value.length);
      original(value, cb);
    };
  }
  return sizes;
}

test("250 recipients are added to Bcc in batches of at most 100", async () => {
  const item = makeItem({ bcc: [] });
  const env = load({ item, fetch: makeFetch({ json: verdict("allow") }) });
  const sizes = countingField(item, "bcc");
  await env.context.addRecipients("bcc", people(250));
  assert.deepEqual(sizes, ["addAsync:100", "addAsync:100", "addAsync:50"]);
  assert.equal(item.state.bcc.length, 250);
  assert.equal(new Set(item.state.bcc.map((r) => r.emailAddress)).size, 250);
});

test("setting 250 recipients replaces with the first 100 and adds the rest", async () => {
  const item = makeItem();
  const env = load({ item, fetch: makeFetch({ json: verdict("allow") }) });
  const sizes = countingField(item, "to");
  await env.context.setRecipients("to", people(250));
  assert.deepEqual(sizes, ["setAsync:100", "addAsync:100", "addAsync:50"]);
  assert.deepEqual(item.state.to.map((r) => r.emailAddress), people(250).map((r) => r.emailAddress));
  await env.context.setRecipients("to", []);
  assert.deepEqual(plain(item.state.to), [], "an empty list clears the field");
});
