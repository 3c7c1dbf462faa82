/*
 * Crossing Guard task pane: the full explanation, the findings, and the fixes Office.js can make.
 *
 * It reuses launchevent.js (loaded first) for reading the message and calling the service, shows the
 * verdict the Send handler cached for this exact message when there is one, and checks again after
 * every fix. Fixes are the service's: each finding that one step can fix carries a `fix_plan` (an
 * action, its exact targets and the button's words), and the pane executes it as given; it never
 * decides who is "outside" or reads a fix's wording. Text from the service is only ever put on the
 * page with textContent.
 */

/* global Office, CROSSING_GUARD_CONFIG, readMessage, checkMessage, messageKey, readCache, writeCache,
   officeCall, parseJson, naaAuth, msal, setRecipients, addRecipients */

(function () {
  "use strict";

  var STATUS_WORDS = {
    network: "Crossing Guard could not reach its service. Check your connection and select Check again.",
    timeout: "Crossing Guard took too long to answer. Select Check again.",
    server: "Crossing Guard's service had a problem. Select Check again in a minute.",
    signin: "Crossing Guard could not sign you in. Select Sign in, then Check again.",
    rejected: "Crossing Guard could not check this message. Select Check again.",
    too_large: "This message is too large for Crossing Guard to check.",
    read: "Crossing Guard could not read this message. Select Check again."
  };
  var VERDICT_CLASS = { allow: "verdict-allow", warn: "verdict-warn", block: "verdict-block" };

  function $(id) {
    return document.getElementById(id);
  }

  /* ---- Checking ---- */

  function load(fresh) {
    setBusy(true, "Checking this message…");
    return readMessage()
      .then(function (message) {
        var key = messageKey(message);
        var cached = fresh ? Promise.resolve(null) : sendVerdict(key).then(function (given) {
          return given || readCache(key);
        });
        return cached.then(function (result) {
          if (result && result.details_markdown !== undefined) {
            return { ok: true, result: result, message: message };
          }
          var deadline = Date.now() + 2 * CROSSING_GUARD_CONFIG.timeoutMs;
          return checkMessage(message, deadline).then(function (outcome) {
            if (!outcome.ok) {
              return outcome;
            }
            return writeCache(key, outcome.result).then(function () {
              return { ok: true, result: outcome.result, message: message };
            });
          });
        });
      }, function () {
        return { ok: false, reason: "read" };
      })
      .then(function (outcome) {
        setBusy(false);
        if (outcome.ok) {
          render(outcome.result, outcome.message);
        } else {
          showProblem(outcome.reason);
        }
      });
  }

  /**
   * The verdict the Send dialog handed over with "See how to fix" (its contextData), when it is for
   * this very message: shown as it is, so the pane explains what Send decided without checking again.
   */
  function sendVerdict(key) {
    var item = Office.context.mailbox.item;
    var raw = handedOver;
    handedOver = null;
    var context = raw !== null ? Promise.resolve(raw)
      : item && typeof item.getInitializationContextAsync === "function"
        ? officeCall(function (cb) { item.getInitializationContextAsync(cb); })
        : Promise.resolve(null);
    return context.then(function (value) {
      var given = parseJson(value);
      var result = given && given.key === key && given.result;
      return result && result.verdict ? result : null;
    }, function () {
      return null;
    });
  }

  var handedOver = null; // contextData of a Send dialog selected while the pane was open

  /* ---- Rendering ---- */

  function render(result, message) {
    var section = $("result");
    section.className = "result " + (VERDICT_CLASS[result.verdict] || "");
    $("headline").textContent = headlineOf(result);
    $("message").textContent = result.message || "";
    $("status").textContent = statusOf(result);
    $("signin").hidden = true;
    // One explanation: the details when the service wrote them (each finding with its facts and fix),
    // else the short list; neither repeats the headline or the message shown above.
    var details = withoutLead(String(result.details_markdown || ""), $("headline").textContent, result.message);
    renderFindings(details ? [] : result.findings || [], $("headline").textContent);
    renderDetails(details);
    renderFixes(result.findings || [], message);
    section.hidden = false;
  }

  function headlineOf(result) {
    if (result.headline) {
      return result.headline;
    }
    return result.verdict === "allow" ? "Nothing here needs a second look" : "This message needs a second look";
  }

  function statusOf(result) {
    if (result.verdict === "block") {
      return "Crossing Guard will stop this message until it is fixed.";
    }
    if (result.verdict === "warn") {
      return "Crossing Guard will ask you to confirm before this message is sent.";
    }
    return "This message can be sent.";
  }

  /** One explanation: the headline and message say the first finding, so it is not said again here. */
  function renderFindings(findings, headline) {
    var list = $("findings");
    list.replaceChildren();
    findings.forEach(function (f) {
      var li = document.createElement("li");
      li.className = "finding severity-" + (f.severity || "info");
      var label = document.createElement("span");
      label.className = "severity";
      label.textContent = { block: "Stops sending", warn: "Needs a look", info: "Note" }[f.severity] || "Note";
      li.append(label);
      if (f.summary && f.summary !== headline) {
        var summary = document.createElement("span");
        summary.textContent = " " + f.summary;
        li.append(summary);
      }
      if (f.fix) {
        var fix = document.createElement("p");
        fix.className = "fix";
        fix.textContent = "How to fix it: " + f.fix + ".";
        li.append(fix);
      }
      list.append(li);
    });
    $("findings-section").hidden = findings.length === 0;
  }

  /** The details without the lines the pane already shows: the headline as a heading, and the
   * message (or the first finding's part of it, before its "Also: ..."). Nothing else is dropped. */
  function withoutLead(markdown, headline, message) {
    var heading = "### " + String(headline || "").trim();
    var shown = String(message || "").trim();
    var kept = String(markdown).split(/\r?\n/).filter(function (line) {
      var text = line.trim();
      return !(text === heading || (text && !/^[#\-*]/.test(text) && shown.indexOf(text) === 0));
    });
    return /[^\s#]/.test(kept.join("")) ? kept.join("\n") : "";
  }

  function renderDetails(markdown) {
    var target = $("details");
    target.replaceChildren(renderMarkdown(markdown));
    $("details-section").hidden = !markdown.trim();
  }

  /** One button per distinct plan Office.js can carry out; a link in the body is left to the sender. */
  function renderFixes(findings, message) {
    var box = $("fix-buttons");
    box.replaceChildren();
    var seen = {};
    findings.forEach(function (f) {
      var plan = f.fix_plan;
      if (!plan || !plan.label || !Array.isArray(plan.targets) || !plan.targets.length) {
        return;
      }
      var id = planKey(plan);
      if (seen[id]) {
        return;
      }
      seen[id] = true;
      var button = planButton(plan, message, Object.keys(seen).length);
      if (button) {
        box.append(button);
      }
    });
    $("fixes").hidden = box.childElementCount === 0;
  }

  function planKey(plan) {
    return plan.action + ":" + plan.targets.map(function (t) { return String(t).toLowerCase(); }).sort().join(",");
  }

  function planButton(plan, message, n) {
    var targets = plan.targets.map(String);
    if (plan.action === "move_to_bcc") {
      return fixButton("fix-bcc", plan.label, function () { return moveToBcc(targets); });
    }
    if (plan.action === "remove_recipients") {
      return fixButton("fix-remove-recipients-" + n, plan.label, function () { return removeRecipients(targets); });
    }
    if (plan.action === "remove_attachment") {
      var attachment = (message.attachments || []).filter(function (a) { return a.name === targets[0]; })[0];
      return attachment ? fixButton("fix-remove-" + attachment.id, plan.label, function () {
        return removeAttachment(attachment.id);
      }) : null;
    }
    return null;
  }

  function fixButton(id, label, action) {
    var button = document.createElement("button");
    button.type = "button";
    button.id = id;
    button.className = "primary";
    button.textContent = label;
    button.addEventListener("click", function () {
      setBusy(true, "Fixing…");
      action().then(function () {
        return load(true);
      }, function () {
        setBusy(false);
        $("status").textContent = "Outlook could not make that change. Make it by hand, then select Check again.";
      });
    });
    return button;
  }

  function showProblem(reason) {
    $("status").textContent = STATUS_WORDS[reason] || STATUS_WORDS.network;
    $("result").hidden = true;
    $("signin").hidden = reason !== "signin" || typeof msal === "undefined";
  }

  function setBusy(busy, text) {
    document.body.setAttribute("aria-busy", busy ? "true" : "false");
    $("recheck").disabled = busy;
    if (text) {
      $("status").textContent = text;
    }
  }

  /* ---- A small, safe Markdown renderer: headings, paragraphs, lists, bold, italics, code. ---- */

  function renderMarkdown(markdown) {
    var fragment = document.createDocumentFragment();
    var list = null;
    var paragraph = null;
    String(markdown).split(/\r?\n/).forEach(function (line) {
      var heading = /^(#{1,6})\s+(.*)$/.exec(line);
      var item = /^\s*[-*]\s+(.*)$/.exec(line);
      if (!line.trim()) {
        list = null;
        paragraph = null;
      } else if (heading) {
        var level = Math.min(6, heading[1].length + 2);
        var h = document.createElement("h" + level);
        appendInline(h, heading[2]);
        fragment.append(h);
        list = null;
        paragraph = null;
      } else if (item) {
        if (!list) {
          list = document.createElement("ul");
          fragment.append(list);
        }
        var li = document.createElement("li");
        appendInline(li, item[1]);
        list.append(li);
        paragraph = null;
      } else {
        if (!paragraph) {
          paragraph = document.createElement("p");
          fragment.append(paragraph);
        } else {
          paragraph.append(document.createTextNode(" "));
        }
        appendInline(paragraph, line.trim());
        list = null;
      }
    });
    return fragment;
  }

  function appendInline(parent, text) {
    // Delimiters count only where they open and close a word, so masked samples such as "C***" stay text.
    var pattern = new RegExp(
      "(?<![\\w*])\\*\\*(?=\\S)([^*]+?)(?<=\\S)\\*\\*(?![\\w*])" +
      "|`([^`]+)`" +
      "|(?<![\\w*])\\*(?=[^\\s*])([^*]+?)(?<=[^\\s*])\\*(?![\\w*])" +
      "|(?<![\\w])_(?=\\S)([^_]+?)(?<=\\S)_(?![\\w])", "g");
    var last = 0;
    var match;
    while ((match = pattern.exec(text)) !== null) {
      if (match.index > last) {
        parent.append(document.createTextNode(text.slice(last, match.index)));
      }
      var tag = match[1] !== undefined ? "strong" : match[2] !== undefined ? "code" : "em";
      var el = document.createElement(tag);
      el.textContent = match[1] || match[2] || match[3] || match[4];
      parent.append(el);
      last = pattern.lastIndex;
    }
    if (last < text.length) {
      parent.append(document.createTextNode(text.slice(last)));
    }
  }

  /* ---- Fixes through Office.js: the plan's targets, nothing more ---- */

  function lowerSet(addresses) {
    var set = {};
    addresses.forEach(function (a) { set[String(a).toLowerCase()] = true; });
    return set;
  }

  function plainRecipient(r) {
    return { displayName: r.displayName, emailAddress: r.emailAddress };
  }

  function readField(field) {
    var item = Office.context.mailbox.item;
    return officeCall(function (cb) { item[field].getAsync(cb); }).then(function (list) { return list || []; });
  }

  /** The targets leave To and Cc (which keep everyone else) and join Bcc, once each. */
  function moveToBcc(targets) {
    var wanted = lowerSet(targets);
    var moved = [];
    var inBcc = {};
    function split(field) {
      return readField(field).then(function (list) {
        var keep = [];
        list.forEach(function (r) {
          var address = String(r.emailAddress || "").toLowerCase();
          if (wanted[address]) {
            if (!inBcc[address]) {
              inBcc[address] = true;
              moved.push(plainRecipient(r));
            }
          } else {
            keep.push(plainRecipient(r));
          }
        });
        return keep.length === list.length ? null : setRecipients(field, keep);
      });
    }
    return readField("bcc")
      .then(function (bcc) { bcc.forEach(function (r) { inBcc[String(r.emailAddress || "").toLowerCase()] = true; }); })
      .then(function () { return split("to"); })
      .then(function () { return split("cc"); })
      .then(function () { return moved.length ? addRecipients("bcc", moved) : null; });
  }

  /** The targets leave the message, wherever they are. */
  function removeRecipients(targets) {
    var wanted = lowerSet(targets);
    return ["to", "cc", "bcc"].reduce(function (done, field) {
      return done.then(function () { return readField(field); }).then(function (list) {
        var keep = list.filter(function (r) { return !wanted[String(r.emailAddress || "").toLowerCase()]; });
        return keep.length === list.length ? null : setRecipients(field, keep.map(plainRecipient));
      });
    }, Promise.resolve());
  }

  function removeAttachment(id) {
    var item = Office.context.mailbox.item;
    return officeCall(function (cb) { item.removeAttachmentAsync(id, cb); });
  }

  function signIn() {
    var config = CROSSING_GUARD_CONFIG;
    if (typeof msal === "undefined" || !config.clientId) {
      return;
    }
    msal.createNestablePublicClientApplication({ auth: naaAuth(config) }).then(function (pca) {
      return pca.acquireTokenPopup({ scopes: [config.scope] });
    }).then(function () {
      return load(true);
    }, function () {
      showProblem("signin");
    });
  }

  Office.onReady(function () {
    $("recheck").addEventListener("click", function () { load(true); });
    $("signin").addEventListener("click", signIn);
    var item = Office.context.mailbox.item;
    if (item && typeof item.addHandlerAsync === "function" && Office.EventType &&
        Office.EventType.InitializationContextChanged) {
      // The pane was already open when the Send dialog's "See how to fix" was selected.
      item.addHandlerAsync(Office.EventType.InitializationContextChanged, function (event) {
        handedOver = (event && event.initializationContextData) || null;
        load(false);
      });
    }
    load(false);
  });
})();
