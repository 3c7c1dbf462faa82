/*
 * Crossing Guard for Outlook: the Smart Alerts handler.
 *
 * Outlook runs this file when the user selects Send (OnMessageSend) and, to check ahead, when the
 * recipients or attachments change. Classic Outlook on Windows loads it alone in a JavaScript-only
 * runtime, so it has no imports and never touches the DOM. Every path ends in exactly one
 * event.completed(...).
 *
 * The task pane loads this same file and reuses its helpers (readMessage, checkMessage, ...).
 *
 * The service serves this file with MSAL (vendor/msal-browser.min.js) in front of it, as one file:
 * that is how nested app authentication reaches the JavaScript-only runtime, which loads nothing else.
 */

/* ---- Configuration: the service writes the values between the markers when it serves this file. */

var CROSSING_GUARD_CONFIG = /*@config*/ {
  serviceUrl: "",
  failMode: "allow_with_note",
  timeoutMs: 3500,
  clientId: "",
  scope: "",
  authority: "",
  maxAttachmentBytes: 31457280,
  version: "0.1.0"
} /*@end-config*/;

var TASK_PANE_COMMAND = "msgComposeOpenPaneButton";
var CACHE_KEY = "crossingGuard.verdict";
var ACK_KEY = "crossingGuard.acknowledged";
var REFS_KEY = "crossingGuard.attachmentRefs";
var NOT_CACHED = "attachment_not_cached";
var OFFICE_MAX_IN_FLIGHT = 3; // Outlook on the web and new Outlook refuse more simultaneous async calls
var RECIPIENTS_PER_CALL = 100; // setAsync/addAsync take at most 100 recipients per call
var CONTEXT_MAX_CHARS = 30000;
var REFS_MAX_CHARS = 8000; // sessionData holds 50,000 characters per add-in; the verdict takes up to 40,000
var CACHE_MAX_AGE_MS = 10 * 60 * 1000;
var CACHE_MAX_CHARS = 40000;
var MESSAGE_MAX = 500;
var GRACE_MS = 300;
var RECIPIENT_KINDS = { user: "user", externalUser: "external", distributionList: "list", other: "other" };

var FAILURE_WORDS = {
  network: "Crossing Guard could not reach its service",
  timeout: "Crossing Guard took too long to answer",
  server: "Crossing Guard's service had a problem",
  signin: "Crossing Guard could not sign you in",
  rejected: "Crossing Guard could not read this message in time",
  too_large: "This message is too large for Crossing Guard to check",
  read: "Crossing Guard could not read this message"
};

/* ---- Event handlers: one per event. ---- */

function onMessageSendHandler(event) {
  var complete = completeOnce(event);
  var deadline = Date.now() + CROSSING_GUARD_CONFIG.timeoutMs;
  var state = { key: "" };
  var guard = setTimeout(function () {
    decideFailure("timeout", state.key).then(complete, function () {
      complete(failureOptions("timeout", supports("1.14")));
    });
  }, CROSSING_GUARD_CONFIG.timeoutMs + GRACE_MS);
  sendFlow(state, deadline)
    .then(null, function () { return decideFailure("read", state.key); })
    .then(function (options) {
      clearTimeout(guard);
      complete(options);
    }, function () {
      clearTimeout(guard);
      complete(failureOptions("read", supports("1.14")));
    });
}

function onMessageRecipientsChangedHandler(event) {
  checkAhead(completeOnce(event));
}

function onMessageAttachmentsChangedHandler(event) {
  checkAhead(completeOnce(event));
}

function sendFlow(state, deadline) {
  return readMessage().then(function (message) {
    state.key = messageKey(message);
    return readCache(state.key).then(function (cached) {
      if (cached) {
        return decideSend(cached, state.key);
      }
      return checkMessage(message, deadline).then(function (outcome) {
        if (!outcome.ok) {
          return decideFailure(outcome.reason, state.key);
        }
        return writeCache(state.key, outcome.result).then(function () {
          return decideSend(outcome.result, state.key);
        });
      });
    });
  });
}

/* ---- Checking ahead: compute the verdict before Send and keep it with the item. ---- */

function checkAhead(complete) {
  var deadline = Date.now() + CROSSING_GUARD_CONFIG.timeoutMs;
  var guard = setTimeout(function () { complete(); }, CROSSING_GUARD_CONFIG.timeoutMs + GRACE_MS);
  readMessage()
    .then(function (message) {
      var key = messageKey(message);
      return readCache(key).then(function (cached) {
        if (cached) {
          return null;
        }
        return checkMessage(message, deadline).then(function (outcome) {
          return outcome.ok ? writeCache(key, outcome.result) : null;
        });
      });
    })
    .then(null, function () { return null; })
    .then(function () {
      clearTimeout(guard);
      complete();
    });
}

/* ---- Verdict -> event.completed options. ---- */

function decideSend(result, key) {
  if (result.verdict === "allow") {
    return Promise.resolve({ allowEvent: true });
  }
  var promptable = supports("1.14");
  if (result.verdict === "warn" && !promptable) {
    // No "Send anyway" before Mailbox 1.14: the second Send of an unchanged message goes.
    return acknowledged(key).then(function (seen) {
      if (seen) {
        return { allowEvent: true };
      }
      return acknowledge(key).then(function () {
        return verdictOptions(result, false, key);
      });
    });
  }
  return Promise.resolve(verdictOptions(result, promptable, key));
}

function decideFailure(reason, key) {
  var promptable = supports("1.14");
  key = key || "unread";
  if (CROSSING_GUARD_CONFIG.failMode === "hold" || promptable) {
    return Promise.resolve(failureOptions(reason, promptable));
  }
  return acknowledged(key).then(function (seen) {
    if (seen) {
      return { allowEvent: true };
    }
    return acknowledge(key).then(function () {
      return failureOptions(reason, false);
    });
  });
}

function verdictOptions(result, promptable, key) {
  var warn = result.verdict === "warn";
  var text = plainMessage(result);
  if (warn && !promptable) {
    text = clip(text, MESSAGE_MAX - 40) + " Select Send again to send it anyway.";
  }
  var options = { allowEvent: false, errorMessage: clip(text, MESSAGE_MAX) };
  if (promptable) {
    if (warn) {
      options.sendModeOverride = promptUser();
    }
    options.cancelLabel = "See how to fix";
    options.commandId = TASK_PANE_COMMAND;
    options.contextData = sendContext(result, key);
  }
  if (supports("1.15")) {
    options.errorMessageMarkdown = markdownMessage(result);
  }
  return options;
}

function failureOptions(reason, promptable) {
  var what = FAILURE_WORDS[reason] || FAILURE_WORDS.network;
  if (CROSSING_GUARD_CONFIG.failMode === "hold") {
    return {
      allowEvent: false,
      errorMessage: what + ", and your district holds mail until it has been checked. " +
        "Try again in a minute. If this keeps happening, contact your IT help desk."
    };
  }
  var options = {
    allowEvent: false,
    errorMessage: what + ", so this message has not been checked. " +
      (promptable
        ? "If it holds no student records, you can send it anyway."
        : "If it holds no student records, select Send again to send it anyway.")
  };
  if (promptable) {
    options.sendModeOverride = promptUser();
  }
  return options;
}

function plainMessage(result) {
  var text = String(result.message || result.headline || "");
  return text || "Crossing Guard found a problem with this message.";
}

function markdownMessage(result) {
  var lines = [];
  if (result.headline) {
    lines.push("**" + escapeMarkdown(result.headline) + "**");
  }
  var body = result.message && result.message !== result.headline ? escapeMarkdown(result.message) : "";
  if (body) {
    lines.push(body);
  }
  var fixes = uniqueFixes(result.findings || []);
  if (fixes.length) {
    // Smart Alerts ends each list item with \r (Microsoft's documented list syntax), not \n.
    lines.push(fixes.map(function (fix) { return "- " + escapeMarkdown(fix) + "\r"; }).join(""));
  }
  var text = lines.join("\n\n");
  if (text.length <= MESSAGE_MAX) {
    return text;
  }
  return clip(lines.slice(0, 2).join("\n\n"), MESSAGE_MAX);
}

/** What "See how to fix" hands the task pane: this verdict for this message, so it need not check again. */
function sendContext(result, key) {
  var context = JSON.stringify({ key: key || "", result: result });
  if (context.length <= CONTEXT_MAX_CHARS) {
    return context;
  }
  var compact = compactResult(result);
  compact.details_markdown = clip(String(result.details_markdown || ""), CONTEXT_MAX_CHARS / 2);
  return JSON.stringify({ key: key || "", result: compact });
}

function uniqueFixes(findings) {
  var seen = {};
  var out = [];
  for (var i = 0; i < findings.length && out.length < 3; i++) {
    var fix = findings[i] && findings[i].fix;
    if (fix && findings[i].severity !== "info" && !seen[fix]) {
      seen[fix] = true;
      out.push(String(fix));
    }
  }
  return out;
}

/* ---- Reading the message being composed. ---- */

function readMessage() {
  var item = Office.context.mailbox.item;
  return Promise.all([
    officeCall(function (cb) { item.to.getAsync(cb); }),
    officeCall(function (cb) { item.cc.getAsync(cb); }),
    officeCall(function (cb) { item.bcc.getAsync(cb); }),
    officeCall(function (cb) { item.subject.getAsync(cb); }),
    officeCall(function (cb) { item.body.getAsync("html", cb); }),
    readRefs().then(function (refs) { return readAttachments(item, refs); })
  ]).then(function (parts) {
    return {
      client: { app: "outlook", version: CROSSING_GUARD_CONFIG.version },
      sender: senderOf(Office.context.mailbox.userProfile),
      to: recipientsOf(parts[0]),
      cc: recipientsOf(parts[1]),
      bcc: recipientsOf(parts[2]),
      subject: parts[3] || "",
      body: { html: parts[4] || "" },
      attachments: parts[5]
    };
  });
}

/** Each attachment once: its bytes the first time, the service's ref for them after that. */
function readAttachments(item, refs) {
  return officeCall(function (cb) { item.getAttachmentsAsync(cb); }).then(function (list) {
    return Promise.all((list || []).map(function (details) {
      var base = attachmentBase(details);
      var ref = refs[refKey(base)];
      if (ref && details.attachmentType !== "cloud") {
        return assign(base, { ref: ref });
      }
      return readAttachment(item, base, details.attachmentType);
    }));
  });
}

function attachmentBase(details) {
  var base = { name: details.name || "attachment", size: details.size || 0, id: details.id };
  if (details.contentType) {
    base.content_type = details.contentType;
  }
  return base;
}

function readAttachment(item, base, attachmentType) {
  if (attachmentType !== "cloud" && base.size > CROSSING_GUARD_CONFIG.maxAttachmentBytes) {
    return Promise.resolve(withError(base, "too_large"));
  }
  return officeCall(function (cb) { item.getAttachmentContentAsync(base.id, cb); }).then(
    function (content) { return attachmentPayload(base, content); },
    function () { return withError(base, "read_failed"); }
  );
}

function attachmentPayload(base, content) {
  var body = content && content.content;
  if (!body) {
    return withError(base, "empty");
  }
  switch (content.format) {
    case "base64":
      return assign(base, { content_b64: body });
    case "url":
      return assign(base, { url: body });
    case "eml":
      return assign(base, { content_type: "message/rfc822", content_b64: base64Utf8(body) });
    case "iCalendar":
      return assign(base, { content_type: "text/calendar", content_b64: base64Utf8(body) });
    default:
      return withError(base, "unsupported_format");
  }
}

/** The message again with the bytes of every attachment it sent as a ref (the service forgot them). */
function withContents(message) {
  var item = Office.context.mailbox.item;
  return Promise.all((message.attachments || []).map(function (a) {
    if (!a.ref) {
      return a;
    }
    var base = assign({}, a);
    delete base.ref;
    return readAttachment(item, base, "file");
  })).then(function (attachments) {
    return assign(assign({}, message), { attachments: attachments });
  });
}

/** Outlook's attachment ids can be long: the refs are keyed by a hash of id, name and size. */
function refKey(base) {
  return hash([base.id, base.name, base.size].join("\u0000"));
}

function readRefs() {
  return sessionGet(REFS_KEY).then(function (raw) { return parseJson(raw) || {}; });
}

/** Keep the refs the service answered for this message's attachments (and only those). */
function rememberRefs(message, result) {
  var answered = (result && result.attachments) || [];
  var refs = {};
  var chars = 2;
  (message.attachments || []).forEach(function (a, i) {
    var ref = answered[i] && answered[i].ref;
    var key = refKey(a);
    if (ref && typeof ref === "string" && chars + key.length + ref.length + 6 <= REFS_MAX_CHARS) {
      refs[key] = ref;
      chars += key.length + ref.length + 6;
    }
  });
  return sessionSet(REFS_KEY, JSON.stringify(refs));
}

function withError(base, reason) {
  return assign(base, { read_error: reason });
}

function senderOf(profile) {
  var sender = { email: (profile && profile.emailAddress) || "" };
  if (profile && profile.displayName) {
    sender.name = profile.displayName;
  }
  return sender;
}

function recipientsOf(list) {
  var out = [];
  for (var i = 0; i < (list || []).length; i++) {
    var r = list[i];
    var email = String(r.emailAddress || "").trim();
    if (email.indexOf("@") < 0) {
      continue; // An unresolved name cannot receive mail; Outlook will not send to it either.
    }
    out.push({ email: email, name: r.displayName || "", kind: RECIPIENT_KINDS[r.recipientType] || "other" });
  }
  return out;
}

/* ---- Talking to the service. ---- */

function checkMessage(message, deadline) {
  var remaining = Math.max(0, deadline - Date.now());
  var controller = typeof AbortController === "function" ? new AbortController() : null;
  var timer = null;
  var timeout = new Promise(function (resolve) {
    timer = setTimeout(function () {
      if (controller) {
        controller.abort();
      }
      resolve({ ok: false, reason: "timeout" });
    }, remaining);
  });
  var work = getAccessToken().then(function (token) {
    if (!token) {
      return { ok: false, reason: "signin" };
    }
    return postCheck(message, token, controller).then(function (outcome) {
      if (outcome.reason !== "not_cached") {
        return outcome;
      }
      return withContents(message).then(function (full) {
        return postCheck(full, token, controller);
      }).then(function (again) {
        return again.reason === "not_cached" ? { ok: false, reason: "server" } : again;
      });
    }).then(function (outcome) {
      if (!outcome.ok) {
        return outcome;
      }
      return rememberRefs(outcome.sent, outcome.result).then(function () { return outcome; });
    });
  }, function () {
    return { ok: false, reason: "signin" };
  });
  return Promise.race([work, timeout]).then(function (outcome) {
    clearTimeout(timer);
    return outcome;
  });
}

function postCheck(message, token, controller) {
  var init = {
    method: "POST",
    headers: { "Content-Type": "application/json", Authorization: "Bearer " + token },
    body: JSON.stringify(requestBody(message))
  };
  if (controller) {
    init.signal = controller.signal;
  }
  return fetch(serviceUrl() + "/v1/check", init).then(function (response) {
    if (response.status === 401 || response.status === 403) {
      return { ok: false, reason: "signin" };
    }
    if (response.status === 413) {
      return { ok: false, reason: "too_large" };
    }
    if (response.status === 409) {
      return response.json().then(function (body) {
        var code = body && body.error && body.error.code;
        return { ok: false, reason: code === NOT_CACHED ? "not_cached" : "rejected" };
      }, function () {
        return { ok: false, reason: "rejected" };
      });
    }
    if (!response.ok) {
      return { ok: false, reason: response.status >= 500 ? "server" : "rejected" };
    }
    return response.json().then(function (result) {
      if (!result || ["allow", "warn", "block"].indexOf(result.verdict) < 0) {
        return { ok: false, reason: "server" };
      }
      return { ok: true, result: result, sent: message };
    });
  }, function () {
    return { ok: false, reason: "network" };
  });
}

function requestBody(message) {
  var attachments = (message.attachments || []).map(function (a) {
    var copy = assign({}, a);
    delete copy.id;
    return copy;
  });
  return assign(assign({}, message), { attachments: attachments });
}

function serviceUrl() {
  var url = CROSSING_GUARD_CONFIG.serviceUrl;
  if (!url && typeof location !== "undefined" && location.origin) {
    url = location.origin;
  }
  return String(url || "").replace(/\/+$/, "");
}

/* ---- Signing in: nested app authentication where MSAL is loaded, Office SSO otherwise. ---- */

var naaClient = null;

function getAccessToken() {
  var config = CROSSING_GUARD_CONFIG;
  if (config.clientId && config.scope && typeof msal !== "undefined" && msal.createNestablePublicClientApplication &&
      supportsSet("NestedAppAuth", "1.1")) {
    return naaToken(config).then(null, officeSsoToken);
  }
  return officeSsoToken();
}

/** MSAL's settings: the district's own tenant, as its single-tenant app registration requires. */
function naaAuth(config) {
  return { clientId: config.clientId, authority: config.authority || "https://login.microsoftonline.com/organizations" };
}

function naaToken(config) {
  if (!naaClient) {
    naaClient = msal.createNestablePublicClientApplication({ auth: naaAuth(config) });
    naaClient.then(null, function () { naaClient = null; });
  }
  return naaClient.then(function (pca) {
    return pca.acquireTokenSilent({ scopes: [config.scope] });
  }).then(function (result) {
    return result && result.accessToken;
  });
}

function officeSsoToken() {
  var auth = (typeof OfficeRuntime !== "undefined" && OfficeRuntime.auth) ||
    (typeof Office !== "undefined" && Office.auth) || null;
  if (!auth || typeof auth.getAccessToken !== "function") {
    return Promise.resolve(null);
  }
  return Promise.resolve(auth.getAccessToken({ allowSignInPrompt: false, allowConsentPrompt: false }))
    .then(null, function () { return null; });
}

/* ---- The cached verdict, kept with the item in sessionData. ---- */

function readCache(key) {
  return sessionGet(CACHE_KEY).then(function (raw) {
    var entry = parseJson(raw);
    if (!entry || entry.key !== key || Date.now() - entry.at > CACHE_MAX_AGE_MS) {
      return null;
    }
    return entry.result || null;
  });
}

function writeCache(key, result) {
  var entry = JSON.stringify({ key: key, at: Date.now(), result: result });
  if (entry.length > CACHE_MAX_CHARS) {
    entry = JSON.stringify({ key: key, at: Date.now(), result: compactResult(result) });
  }
  return sessionSet(CACHE_KEY, entry);
}

function compactResult(result) {
  return {
    verdict: result.verdict,
    headline: clip(String(result.headline || ""), MESSAGE_MAX),
    message: clip(String(result.message || ""), MESSAGE_MAX),
    check_id: result.check_id,
    findings: (result.findings || []).slice(0, 10).map(function (f) {
      return { code: f.code, severity: f.severity, fix: f.fix };
    })
  };
}

function acknowledged(key) {
  return sessionGet(ACK_KEY).then(function (value) { return value === key; });
}

function acknowledge(key) {
  return sessionSet(ACK_KEY, key);
}

function sessionGet(name) {
  var data = Office.context.mailbox.item.sessionData;
  if (!data) {
    return Promise.resolve(null);
  }
  return officeCall(function (cb) { data.getAsync(name, cb); }).then(null, function () { return null; });
}

function sessionSet(name, value) {
  var data = Office.context.mailbox.item.sessionData;
  if (!data) {
    return Promise.resolve();
  }
  return officeCall(function (cb) { data.setAsync(name, value, cb); }).then(null, function () { return null; });
}

/* ---- Small pure helpers. ---- */

/** The cache key: any change to recipients, subject, body or attachments gives a new key. */
function messageKey(message) {
  var parts = [];
  ["to", "cc", "bcc"].forEach(function (field) {
    (message[field] || []).forEach(function (r) {
      parts.push(field + ":" + r.email.toLowerCase() + ":" + r.kind);
    });
  });
  parts.push("subject:" + message.subject);
  parts.push("body:" + (message.body && message.body.html));
  (message.attachments || []).forEach(function (a) {
    parts.push("attachment:" + a.id + ":" + a.name + ":" + a.size + ":" + (a.read_error || ""));
  });
  return hash(parts.join("\u0000"));
}

/** Two 32-bit FNV-1a hashes with different seeds: a cache key, not a secret. */
function hash(text) {
  var a = 0x811c9dc5;
  var b = 0x01000193 ^ 0x5bd1e995;
  for (var i = 0; i < text.length; i++) {
    var c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193) >>> 0;
    b = Math.imul(b ^ c, 0x5bd1e995) >>> 0;
    b = (b ^ (b >>> 13)) >>> 0;
  }
  return hex8(a) + hex8(b) + ":" + text.length;
}

function hex8(n) {
  return ("0000000" + n.toString(16)).slice(-8);
}

function completeOnce(event) {
  var done = false;
  return function (options) {
    if (done) {
      return;
    }
    done = true;
    if (options === undefined) {
      event.completed();
    } else {
      event.completed(options);
    }
  };
}

/* ---- Office calls: at most three in flight, the rest wait their turn. ---- */

var officeQueue = { running: 0, waiting: [] };

function officeCall(start) {
  return new Promise(function (resolve, reject) {
    officeQueue.waiting.push(function () {
      var settled = false;
      function finish(ok, value) {
        if (settled) {
          return;
        }
        settled = true;
        officeQueue.running -= 1;
        (ok ? resolve : reject)(value);
        pumpOffice();
      }
      try {
        start(function (result) {
          if (result && result.status === "failed") {
            finish(false, result.error || new Error("failed"));
          } else {
            finish(true, result ? result.value : undefined);
          }
        });
      } catch (err) {
        finish(false, err);
      }
    });
    pumpOffice();
  });
}

function pumpOffice() {
  while (officeQueue.running < OFFICE_MAX_IN_FLIGHT && officeQueue.waiting.length) {
    officeQueue.running += 1;
    officeQueue.waiting.shift()();
  }
}

/* ---- Changing recipients: at most 100 per call. ---- */

/** Replace a field's recipients: the first 100 with setAsync, the rest added 100 at a time. */
function setRecipients(field, recipients) {
  var target = Office.context.mailbox.item[field];
  var batches = chunks(recipients || [], RECIPIENTS_PER_CALL);
  var first = batches.shift() || [];
  return officeCall(function (cb) { target.setAsync(first, cb); }).then(function () {
    return addBatches(target, batches);
  });
}

/** Add recipients to a field, 100 per call, one call after another. */
function addRecipients(field, recipients) {
  return addBatches(Office.context.mailbox.item[field], chunks(recipients || [], RECIPIENTS_PER_CALL));
}

function addBatches(target, batches) {
  return batches.reduce(function (done, batch) {
    return done.then(function () {
      return officeCall(function (cb) { target.addAsync(batch, cb); });
    });
  }, Promise.resolve());
}

function chunks(list, size) {
  var out = [];
  for (var i = 0; i < list.length; i += size) {
    out.push(list.slice(i, i + size));
  }
  return out;
}

function supports(version) {
  return supportsSet("Mailbox", version);
}

function supportsSet(name, version) {
  try {
    return Boolean(Office.context.requirements.isSetSupported(name, version));
  } catch (err) {
    return false;
  }
}

function promptUser() {
  var enums = Office.MailboxEnums && Office.MailboxEnums.SendModeOverride;
  return (enums && enums.PromptUser) || "promptUser";
}

function clip(text, max) {
  text = String(text);
  return text.length <= max ? text : text.slice(0, max - 1).replace(/\s+\S*$/, "") + "…";
}

function escapeMarkdown(text) {
  return String(text).replace(/([\\`*_{}\[\]()#+!|<>~-])/g, "\\$1").replace(/\s+/g, " ").trim();
}

function base64Utf8(text) {
  var bytes = [];
  for (var i = 0; i < text.length; i++) {
    var code = text.codePointAt(i);
    if (code > 0xffff) {
      i++;
    }
    if (code < 0x80) {
      bytes.push(code);
    } else if (code < 0x800) {
      bytes.push(0xc0 | (code >> 6), 0x80 | (code & 63));
    } else if (code < 0x10000) {
      bytes.push(0xe0 | (code >> 12), 0x80 | ((code >> 6) & 63), 0x80 | (code & 63));
    } else {
      bytes.push(0xf0 | (code >> 18), 0x80 | ((code >> 12) & 63), 0x80 | ((code >> 6) & 63), 0x80 | (code & 63));
    }
  }
  var alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  var out = "";
  for (var j = 0; j < bytes.length; j += 3) {
    var n = (bytes[j] << 16) | ((bytes[j + 1] || 0) << 8) | (bytes[j + 2] || 0);
    out += alphabet[(n >> 18) & 63] + alphabet[(n >> 12) & 63];
    out += j + 1 < bytes.length ? alphabet[(n >> 6) & 63] : "=";
    out += j + 2 < bytes.length ? alphabet[n & 63] : "=";
  }
  return out;
}

function parseJson(raw) {
  if (!raw) {
    return null;
  }
  try {
    return JSON.parse(raw);
  } catch (err) {
    return null;
  }
}

function assign(target, source) {
  for (var k in source) {
    if (Object.prototype.hasOwnProperty.call(source, k)) {
      target[k] = source[k];
    }
  }
  return target;
}

/* ---- Map the manifest's function names to the handlers (required by classic Outlook on Windows). ---- */

if (typeof Office !== "undefined" && Office.actions && typeof Office.actions.associate === "function") {
  Office.actions.associate("onMessageSendHandler", onMessageSendHandler);
  Office.actions.associate("onMessageRecipientsChangedHandler", onMessageRecipientsChangedHandler);
  Office.actions.associate("onMessageAttachmentsChangedHandler", onMessageAttachmentsChangedHandler);
}
