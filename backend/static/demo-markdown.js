/*
 * A tiny markdown renderer for the service's details_markdown: headings, bullets, paragraphs,
 * **bold** and `code`. It only ever creates elements and text nodes, so whatever the text holds
 * is shown as text. Exposes window.CrossingGuardMarkdown: render(source, target) for blocks and
 * inline(parent, text) for one line (the service's error messages quote field names in `code`).
 */
(function () {
  "use strict";

  function appendInline(parent, text) {
    // Bold needs `**` outside a word on both sides, so masked samples like "M***, C***" stay literal.
    var pattern = /`([^`]+)`|(?<![*\w])\*\*([^*\s](?:[^*]*[^*\s])?)\*\*(?![*\w])/g;
    var last = 0;
    var m;
    while ((m = pattern.exec(text)) !== null) {
      if (m.index > last) { parent.append(document.createTextNode(text.slice(last, m.index))); }
      if (m[1] !== undefined) {
        var code = document.createElement("code");
        code.textContent = m[1];
        parent.append(code);
      } else {
        var strong = document.createElement("strong");
        appendInline(strong, m[2]);
        parent.append(strong);
      }
      last = pattern.lastIndex;
    }
    if (last < text.length) { parent.append(document.createTextNode(text.slice(last))); }
  }

  /** Render a markdown subset into `target` using only createElement and text nodes. */
  function renderMarkdown(source, target) {
    var list = null;
    var para = null;
    String(source).split(/\r?\n/).forEach(function (raw) {
      var line = raw.trim();
      var heading = /^#{1,6}\s+(.*)$/.exec(line);
      var bullet = /^[-*]\s+(.*)$/.exec(line);
      if (!line) { list = null; para = null; return; }
      if (heading) {
        list = null; para = null;
        var h = document.createElement("h4");
        appendInline(h, heading[1]);
        target.append(h);
      } else if (bullet) {
        para = null;
        if (!list) { list = document.createElement("ul"); target.append(list); }
        var li = document.createElement("li");
        appendInline(li, bullet[1]);
        list.append(li);
      } else {
        list = null;
        if (para) { para.append(document.createTextNode(" ")); }
        else { para = document.createElement("p"); target.append(para); }
        appendInline(para, line);
      }
    });
  }

  window.CrossingGuardMarkdown = { render: renderMarkdown, inline: appendInline };
}());
