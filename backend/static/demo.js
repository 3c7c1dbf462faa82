/*
 * Crossing Guard demo page: a compose window that asks POST /v1/check before "sending".
 *
 * Reads top to bottom: settings, the compose form (addresses, attachments, samples from
 * demo-samples.js), the check request, and the Smart Alerts-style dialog (details rendered by
 * demo-markdown.js). Nothing here writes HTML from text, and the only network request is to this
 * page's own origin.
 */
(function () {
  "use strict";

  // ---- Settings -----------------------------------------------------------------------------

  var CHECK_URL = "v1/check"; // relative: works when the service is mounted under a path
  var CLIENT = { app: "demo", version: "1.0.0" };
  var TIMEOUT_MS = 15000;
  var MAX_ATTACH_BYTES = 50 * 1024 * 1024;
  var SENDER = { email: "ms.rivera@maplevalley.k12.example", name: "Ana Rivera" };
  var SAMPLES = window.CrossingGuardSamples || [];
  var renderMarkdown = window.CrossingGuardMarkdown.render;
  var renderInline = window.CrossingGuardMarkdown.inline;

  // ---- Elements -------------------------------------------------------------------------------

  function $(id) { return document.getElementById(id); }

  var form = $("compose");
  var fields = { from: $("from"), to: $("to"), cc: $("cc"), bcc: $("bcc"), subject: $("subject"), body: $("body") };
  var fileInput = $("files");
  var chips = $("chips");
  var sendButton = $("send");
  var statusEl = $("status");
  var dialog = $("alert");

  // ---- Addresses ------------------------------------------------------------------------------

  /** Split at commas, semicolons and new lines that are not inside "quotes" or <angle brackets>. */
  function splitAddresses(text) {
    var parts = [];
    var current = "";
    var quoted = false;
    var angled = false;
    for (var i = 0; i < text.length; i++) {
      var ch = text[i];
      if (ch === '"' && !angled) { quoted = !quoted; }
      else if (ch === "<" && !quoted) { angled = true; }
      else if (ch === ">" && !quoted) { angled = false; }
      if (!quoted && !angled && (ch === "," || ch === ";" || ch === "\n")) {
        parts.push(current);
        current = "";
      } else {
        current += ch;
      }
    }
    parts.push(current);
    return parts;
  }

  /** 'Name <a@b>, "Last, First" <c@d>; e@f' -> [{email, name?}] */
  function parseAddresses(text) {
    var out = [];
    splitAddresses(text).forEach(function (part) {
      var item = part.trim();
      if (!item) { return; }
      var m = /^(.*?)<([^<>]+)>$/.exec(item);
      if (!m) { out.push({ email: item }); return; }
      var name = m[1].trim().replace(/^"(.*)"$/, "$1").trim();
      out.push(name ? { email: m[2].trim(), name: name } : { email: m[2].trim() });
    });
    return out;
  }

  function updateCount(key) {
    var n = parseAddresses(fields[key].value).length;
    $(key + "-count").textContent = n > 1 ? n.toLocaleString("en-US") + " addresses" : "";
    fitHeight(fields[key]);
  }

  function fitHeight(area) {
    area.style.height = "auto";
    area.style.height = Math.min(area.scrollHeight + 2, 132) + "px";
  }

  // ---- Attachments ----------------------------------------------------------------------------

  var attachments = []; // {id, file, url}
  var nextId = 1;

  function formatSize(bytes) {
    if (bytes < 1024) { return bytes + " bytes"; }
    if (bytes < 1024 * 1024) { return Math.round(bytes / 1024) + " KB"; }
    return (bytes / (1024 * 1024)).toFixed(1) + " MB";
  }

  function addFile(file) {
    attachments.push({ id: nextId++, file: file, url: URL.createObjectURL(file) });
  }

  function removeAttachment(id) {
    var index = attachments.findIndex(function (a) { return a.id === id; });
    if (index < 0) { return; }
    var name = attachments[index].file.name;
    URL.revokeObjectURL(attachments[index].url);
    attachments.splice(index, 1);
    renderChips();
    var buttons = chips.querySelectorAll("button");
    if (buttons.length) {
      buttons[Math.min(index, buttons.length - 1)].focus();
    } else {
      fileInput.focus();
    }
    say("Removed " + name + ".");
  }

  function renderChips() {
    chips.replaceChildren();
    attachments.forEach(function (a) {
      var li = document.createElement("li");
      li.className = "chip";
      var link = document.createElement("a");
      link.href = a.url;
      link.download = a.file.name;
      link.className = "chip-name";
      link.textContent = a.file.name;
      link.title = "Download " + a.file.name;
      var size = document.createElement("span");
      size.className = "chip-size";
      size.textContent = formatSize(a.file.size);
      var remove = document.createElement("button");
      remove.type = "button";
      remove.className = "chip-remove";
      remove.setAttribute("aria-label", "Remove " + a.file.name);
      remove.textContent = "\u00D7";
      remove.addEventListener("click", function () { removeAttachment(a.id); });
      li.append(link, size, remove);
      chips.append(li);
    });
  }

  function toBase64(buffer) {
    var bytes = new Uint8Array(buffer);
    var parts = [];
    for (var i = 0; i < bytes.length; i += 0x8000) {
      parts.push(String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000)));
    }
    return btoa(parts.join(""));
  }

  function readAttachment(a) {
    return a.file.arrayBuffer().then(function (buffer) {
      return { name: a.file.name, content_type: a.file.type || "application/octet-stream",
        size: a.file.size, content_b64: toBase64(buffer) };
    }, function () {
      return { name: a.file.name, size: a.file.size, read_error: "client_read_failed" };
    });
  }

  // ---- The form -------------------------------------------------------------------------------

  function clearForm(keepSender) {
    ["to", "cc", "bcc", "subject", "body"].forEach(function (k) { fields[k].value = ""; });
    if (!keepSender) { fields.from.value = SENDER.email; }
    attachments.forEach(function (a) { URL.revokeObjectURL(a.url); });
    attachments = [];
    renderChips();
    ["to", "cc", "bcc"].forEach(updateCount);
  }

  function fill(sample) {
    var s = sample.build();
    clearForm(false);
    fields.to.value = (s.to || []).join(", ");
    fields.cc.value = (s.cc || []).join(", ");
    fields.bcc.value = (s.bcc || []).join(", ");
    fields.subject.value = s.subject || "";
    fields.body.value = s.body || "";
    (s.files || []).forEach(function (f) { addFile(new File([f.text], f.name, { type: "text/csv" })); });
    renderChips();
    ["to", "cc", "bcc"].forEach(updateCount);
    say("Filled in the sample \u201c" + sample.label + "\u201d. Press Send to check it.");
  }

  function renderSamples() {
    var list = $("sample-list");
    SAMPLES.forEach(function (sample) {
      var li = document.createElement("li");
      var button = document.createElement("button");
      button.type = "button";
      button.className = "button sample";
      button.textContent = sample.label;
      button.addEventListener("click", function () { fill(sample); });
      li.append(button);
      list.append(li);
    });
  }

  function say(text) { statusEl.textContent = text; }

  function buildRequest() {
    var fromEmail = fields.from.value.trim() || SENDER.email;
    return Promise.all(attachments.map(readAttachment)).then(function (files) {
      return {
        client: CLIENT,
        sender: { email: fromEmail, name: fromEmail === SENDER.email ? SENDER.name : "" },
        to: parseAddresses(fields.to.value),
        cc: parseAddresses(fields.cc.value),
        bcc: parseAddresses(fields.bcc.value),
        subject: fields.subject.value,
        body: { text: fields.body.value },
        attachments: files,
      };
    });
  }

  /** Resolves to {kind: "verdict"|"error"|"unreachable", ...}; never rejects. */
  function check(request) {
    var controller = new AbortController();
    var timer = setTimeout(function () { controller.abort(); }, TIMEOUT_MS);
    return fetch(CHECK_URL, {
      method: "POST",
      headers: { "Content-Type": "application/json", "Accept": "application/json" },
      body: JSON.stringify(request),
      signal: controller.signal,
      credentials: "same-origin",
      cache: "no-store",
    }).then(function (response) {
      return response.json().then(function (data) {
        if (response.ok && data && typeof data.verdict === "string") {
          return { kind: "verdict", data: data };
        }
        var err = (data && data.error) || {};
        return { kind: "error", status: response.status, code: err.code || "http_" + response.status,
          message: err.message || "The service answered with an error.", field: err.field };
      }, function () {
        return { kind: "error", status: response.status, code: "http_" + response.status,
          message: "The service answered, but not with a check result (HTTP " + response.status + ")." };
      });
    }, function (error) {
      return { kind: "unreachable", timeout: error && error.name === "AbortError" };
    }).finally(function () { clearTimeout(timer); });
  }

  var busy = false;

  function onSend(event) {
    event.preventDefault();
    if (busy) { return; }
    if (!parseAddresses(fields.to.value + "," + fields.cc.value + "," + fields.bcc.value).length) {
      say("Add at least one recipient in To, Cc or Bcc.");
      fields.to.focus();
      return;
    }
    var total = attachments.reduce(function (sum, a) { return sum + a.file.size; }, 0);
    if (total > MAX_ATTACH_BYTES) {
      say("The attachments add up to " + formatSize(total) + "; this demo checks at most " +
        formatSize(MAX_ATTACH_BYTES) + ".");
      return;
    }
    busy = true;
    sendButton.disabled = true;
    form.setAttribute("aria-busy", "true");
    say("Checking with Crossing Guard\u2026");
    var started = performance.now();
    buildRequest().then(check).then(function (result) {
      var ms = Math.round(performance.now() - started);
      showResult(result, ms);
    }).finally(function () {
      busy = false;
      sendButton.disabled = false;
      form.removeAttribute("aria-busy");
    });
  }

  // ---- Fixes: the service's plans (`fix_plan`), executed on the form as given ---------------------

  function formatAddress(a) {
    return a.name ? '"' + a.name.replace(/"/g, "") + '" <' + a.email + ">" : a.email;
  }

  function writeField(key, list) {
    fields[key].value = list.map(formatAddress).join(", ");
    updateCount(key);
  }

  function lowerSet(addresses) {
    var set = {};
    addresses.forEach(function (a) { set[String(a).toLowerCase()] = true; });
    return set;
  }

  /** Carry out one plan; returns the field to focus afterwards. */
  function executePlan(plan) {
    var wanted = lowerSet(plan.targets);
    function hit(a) { return wanted[a.email.toLowerCase()]; }
    if (plan.action === "move_to_bcc" || plan.action === "remove_recipients") {
      var taken = [];
      (plan.action === "move_to_bcc" ? ["to", "cc"] : ["to", "cc", "bcc"]).forEach(function (key) {
        var list = parseAddresses(fields[key].value);
        var keep = list.filter(function (a) { return !hit(a); });
        taken = taken.concat(list.filter(hit));
        if (keep.length !== list.length) { writeField(key, keep); }
      });
      if (plan.action === "remove_recipients") { return fields.to; }
      var bcc = parseAddresses(fields.bcc.value);
      var have = lowerSet(bcc.map(function (a) { return a.email; }));
      taken.forEach(function (a) {
        if (!have[a.email.toLowerCase()]) { have[a.email.toLowerCase()] = true; bcc.push(a); }
      });
      writeField("bcc", bcc);
      return fields.bcc;
    }
    if (plan.action === "remove_attachment") {
      attachments.filter(function (a) { return a.file.name === plan.targets[0]; }).forEach(function (a) {
        removeAttachment(a.id);
      });
      return chips.querySelector("button") || fileInput;
    }
    if (plan.action === "remove_link") {
      plan.targets.forEach(function (url) { fields.body.value = fields.body.value.split(url).join(""); });
      return fields.body;
    }
    return fields.to;
  }

  /** One button per distinct plan, in the order of the findings. */
  function planButtons(findings) {
    var seen = {};
    var out = [];
    findings.forEach(function (f) {
      var plan = f.fix_plan;
      if (!plan || !plan.label || !Array.isArray(plan.targets) || !plan.targets.length) { return; }
      var key = plan.action + ":" + plan.targets.map(function (t) { return String(t).toLowerCase(); }).sort().join(",");
      if (seen[key]) { return; }
      seen[key] = true;
      out.push(button(plan.label, "fix", function () {
        var focusAfter = executePlan(plan);
        closeDialog(focusAfter);
        say("Done: " + plan.label.charAt(0).toLowerCase() + plan.label.slice(1) + ". Press Send to check again.");
      }));
    });
    return out;
  }

  // ---- The dialog (styled after Outlook's Smart Alerts) ---------------------------------------------

  var FIX_TARGET = {
    roster_attached: "attachments",
    unreadable_attachment: "attachments",
    records_in_body: "body",
    roster_linked: "body",
    shared_file_link: "body",
    lookup_failed: "to",
    personal_account: "to",
    protected_list: "to",
    large_audience: "to",
    visible_recipients: "to",
  };

  var returnFocus = null;

  function focusTarget(name) {
    if (name === "attachments") {
      var first = chips.querySelector("button");
      return first || fileInput;
    }
    if (name && /^(to|cc|bcc)\b/.test(name)) { return fields[name.match(/^(to|cc|bcc)/)[1]]; }
    if (name === "subject" || name === "body") { return fields[name]; }
    return fields.to;
  }

  function button(label, className, onClick) {
    var b = document.createElement("button");
    b.type = "button";
    b.className = "button " + className;
    b.textContent = label;
    b.addEventListener("click", onClick);
    return b;
  }

  function closeDialog(focusAfter) {
    returnFocus = focusAfter || sendButton;
    dialog.close();
  }

  dialog.addEventListener("close", function () {
    var target = returnFocus || sendButton;
    returnFocus = null;
    target.focus();
  });

  function setDialog(style, title, message) {
    dialog.className = "alert alert-" + style;
    dialog.dataset.verdict = style;
    $("alert-icon").textContent = style === "sent" ? "\u2713" : "!";
    $("alert-title").textContent = title;
    $("alert-message").textContent = message;
    $("alert-exposure").textContent = "";
    $("alert-findings").replaceChildren();
    $("alert-findings-wrap").hidden = true;
    $("alert-markdown").replaceChildren();
    $("alert-details").hidden = true;
    $("alert-details").open = false;
    $("alert-actions").replaceChildren();
  }

  function openDialog(focus) {
    if (!dialog.open) { dialog.showModal(); }
    (focus || $("alert-title")).focus();
  }

  function plural(n, one, many) { return n.toLocaleString("en-US") + " " + (n === 1 ? one : many); }

  // Recipients are left out: for a list the service could not expand, its count is an assumption,
  // and the message already says who would receive it.
  function exposureLine(e, ms) {
    var parts = [];
    if (e && e.people) { parts.push(plural(e.people, "student", "students") + " in this message"); }
    if (typeof ms === "number") { parts.push("checked in " + ms + " ms"); }
    return parts.join(" \u00B7 ");
  }

  function showSent(note) {
    setDialog("sent", "Sent", note);
    $("alert-actions").append(
      button("New message", "primary", function () { clearForm(true); closeDialog(fields.to); }),
      button("Close", "secondary", function () { closeDialog(); }));
    say("Sent. " + note);
    openDialog();
  }

  function showVerdict(v, ms) {
    if (v.verdict === "allow") {
      showSent((v.message || "Crossing Guard found nothing that needs a second look.") +
        " (This is a demo: nothing actually left your browser.)");
      $("alert-exposure").textContent = exposureLine(null, ms);
      return;
    }
    var style = v.verdict === "block" ? "block" : "warn";
    setDialog(style, v.headline || (style === "block" ? "This message can't be sent" : "Check before sending"),
      v.message || "");
    $("alert-exposure").textContent = exposureLine(v.exposure, ms);

    var findings = (v.findings || []).filter(function (f) { return f.severity !== "info"; });
    findings.forEach(function (f) {
      var li = document.createElement("li");
      li.className = "finding finding-" + f.severity;
      if (f.summary !== v.headline) { // the headline already says it; show only the fix
        var summary = document.createElement("span");
        summary.className = "finding-summary";
        summary.textContent = f.summary || f.code;
        li.append(summary);
      }
      if (f.fix) {
        var fix = document.createElement("span");
        fix.className = "finding-fix";
        var label = document.createElement("strong");
        label.textContent = "Fix: ";
        fix.append(label, document.createTextNode(f.fix));
        li.append(fix);
      }
      $("alert-findings").append(li);
    });
    $("alert-findings-wrap").hidden = findings.length === 0;
    if (v.details_markdown) {
      renderMarkdown(v.details_markdown, $("alert-markdown"));
      $("alert-details").hidden = false;
    }

    var top = findings[0];
    var target = focusTarget(top ? FIX_TARGET[top.code] : "to");
    var actions = $("alert-actions");
    var dontSend = button("Don\u2019t send", "secondary", function () { closeDialog(); });
    var fixes = planButtons(findings);
    if (fixes.length) {
      var group = document.createElement("div");
      group.className = "alert-fixes";
      group.setAttribute("role", "group");
      group.setAttribute("aria-label", "Fix it in one step");
      fixes.forEach(function (b) { group.append(b); });
      actions.append(group);
    }
    if (style === "warn") {
      actions.append(
        button("Send anyway", "primary", function () {
          showSent("You chose to send it anyway. (This is a demo: nothing actually left your browser.)");
        }),
        dontSend);
      say("Check before sending: " + v.headline);
    } else {
      actions.append(button("Fix it", "primary", function () { closeDialog(target); }), dontSend);
      say("Not sent: " + v.headline);
    }
    openDialog();
  }

  function showError(result) {
    setDialog("error", "Crossing Guard could not check this message", "");
    renderInline($("alert-message"), result.message + " Nothing was sent.");
    var detail = "Error " + result.status + " \u00B7 " + result.code + (result.field ? " \u00B7 " + result.field : "");
    $("alert-exposure").textContent = detail;
    var target = result.field ? focusTarget(String(result.field)) : null;
    $("alert-actions").append(
      button(target ? "Fix it" : "Close", "primary", function () { closeDialog(target || sendButton); }));
    say("Could not check: " + result.message.replace(/`/g, ""));
    openDialog();
  }

  function showUnreachable(result) {
    var why = result.timeout ? "Crossing Guard did not answer in time." : "Crossing Guard could not be reached.";
    setDialog("error", "Crossing Guard is not answering",
      why + " Nothing was sent. Check that the service is running, then try again.");
    $("alert-actions").append(
      button("Try again", "primary", function () { closeDialog(); form.requestSubmit(); }),
      button("Close", "secondary", function () { closeDialog(); }));
    say(why + " Nothing was sent.");
    openDialog();
  }

  function showResult(result, ms) {
    if (result.kind === "verdict") { showVerdict(result.data, ms); }
    else if (result.kind === "error") { showError(result); }
    else { showUnreachable(result); }
  }

  // ---- Wiring -----------------------------------------------------------------------------------

  form.addEventListener("submit", onSend);
  $("clear").addEventListener("click", function () { clearForm(false); say("Cleared."); fields.to.focus(); });
  fileInput.addEventListener("change", function () {
    Array.prototype.forEach.call(fileInput.files, addFile);
    var count = fileInput.files.length;
    fileInput.value = "";
    renderChips();
    if (count) { say("Attached " + plural(count, "file", "files") + "."); }
  });
  ["to", "cc", "bcc"].forEach(function (key) {
    fields[key].addEventListener("input", function () { updateCount(key); });
  });
  renderSamples();
}());
