(function () {
  "use strict";
  // Everything built here from data uses textContent and setAttribute: no text from the
  // records is ever parsed as markup.
  var STATUS_LABELS = { unreviewed: "unreviewed", confirmed: "confirmed", false_alarm: "false alarm", fixed: "fixed" };
  // Statuses whose anomalies the exported baseline suppresses in the next run.
  var SUPPRESSED = { confirmed: true, false_alarm: true };
  // Columns of a claim row in the embedded JSON (numcheck/render/html.py, _claim_row).
  var C = { start: 0, end: 1, lc: 2, text: 3, kind: 4, value: 5, interval: 6, unit: 7, qualifier: 8,
            subject: 9, date: 10, notes: 11, flagged: 12 };
  var HEADERS = ["Line:col", "Text", "Kind", "Value", "Interval", "Unit", "Qualifier", "Subject", "Date", "Notes"];

  function all(sel, root) { return Array.prototype.slice.call((root || document).querySelectorAll(sel)); }
  function make(tag, attrs, text) {
    var node = document.createElement(tag);
    if (attrs) { Object.keys(attrs).forEach(function (k) { if (attrs[k] !== null && attrs[k] !== undefined) { node.setAttribute(k, attrs[k]); } }); }
    if (text !== undefined && text !== null) { node.textContent = text; }
    return node;
  }

  // ---- embedded data ---------------------------------------------------------------------
  var dataCache = {};
  function docData(index) {
    if (!(index in dataCache)) {
      var node = document.getElementById("nc-doc-" + index);
      dataCache[index] = node ? JSON.parse(node.textContent) : {};
    }
    return dataCache[index];
  }
  var reviewNode = document.getElementById("nc-review");
  var reviewData = reviewNode ? JSON.parse(reviewNode.textContent) : { anomalies: [] };
  var byKey = {};
  reviewData.anomalies.forEach(function (a) { byKey[a.key] = a; });

  // ---- lazy documents: text with claims and blocks marked ---------------------------------
  function claimTitle(row) {
    var bits = [row[C.kind] || "claim"];
    if (row[C.value] && row[C.kind] !== "date" && row[C.kind] !== "year") { bits.push(row[C.value] + (row[C.unit] ? " " + row[C.unit] : "")); }
    if (row[C.qualifier] && row[C.qualifier] !== "exact") { bits.push(row[C.qualifier]); }
    if (row[C.date]) { bits.push(row[C.date]); }
    if (row[C.subject]) { bits.push("of " + row[C.subject]); }
    return bits.join(" · ");
  }
  // Properly nested elements over text, as nest() in html.py: a span that crosses the one
  // it starts in is cut at that one's end and reopened without its id.
  function renderText(container, text, spans) {
    spans.forEach(function (s) { s.s = Math.max(0, Math.min(s.s, text.length)); s.e = Math.max(0, Math.min(s.e, text.length)); });
    spans = spans.filter(function (s) { return s.e > s.s; });
    spans.sort(function (a, b) { return a.s - b.s || b.e - a.e || a.rank - b.rank || a.seq - b.seq; });
    var stack = [{ node: container, end: text.length }];
    var pos = 0;
    function emit(upto) { if (upto > pos) { stack[stack.length - 1].node.appendChild(document.createTextNode(text.slice(pos, upto))); pos = upto; } }
    var queue = spans.slice();
    while (queue.length || stack.length > 1) {
      var next = queue.length ? queue[0] : null;
      var top = stack[stack.length - 1];
      if (stack.length > 1 && (!next || top.end <= next.s)) { emit(top.end); stack.pop(); continue; }
      queue.shift();
      emit(next.s);
      var end = next.e;
      if (end > top.end) {
        var rest = { s: top.end, e: next.e, rank: next.rank, seq: next.seq, tag: next.tag, attrs: next.cont, cont: next.cont };
        var at = 0;
        while (at < queue.length && (queue[at].s < rest.s || (queue[at].s === rest.s && queue[at].e > rest.e))) { at++; }
        queue.splice(at, 0, rest);
        end = top.end;
      }
      var node = make(next.tag, next.attrs);
      top.node.appendChild(node);
      stack.push({ node: node, end: end });
    }
    emit(text.length);
  }
  var usedIds = {};
  function renderDoc(details) {
    if (!details || details.getAttribute("data-rendered")) { return; }
    details.setAttribute("data-rendered", "1");
    var target = details.querySelector("[data-lazy-text]");
    var index = details.getAttribute("data-doc");
    var data = docData(index);
    if (!target || typeof data.text !== "string") { return; }
    var spans = [], seq = 0;
    // a PDF's pages, outside everything else, as _marked_body() in html.py marks them
    var pages = data.pages || [];
    pages.forEach(function (start, k) {
      var end = k + 1 < pages.length ? pages[k + 1] : data.text.length;
      var id = "doc-" + index + "-page-" + (k + 1);
      var attrs = { "class": "page", "data-page": String(k + 1) };
      if (!usedIds[id] && !document.getElementById(id)) { attrs.id = id; usedIds[id] = true; }
      spans.push({ s: start, e: Math.max(end, start + 1), rank: -2, seq: seq++, tag: "span",
                   attrs: attrs, cont: { "class": "page page-cont" } });
    });
    (data.blocks || []).forEach(function (b) {
      var kind = String(b[2]).replace(/[^A-Za-z0-9_-]+/g, "-");
      spans.push({ s: b[0], e: b[1], rank: -1, seq: seq++, tag: "span",
                   attrs: { "class": "block block-" + kind, "data-block": kind }, cont: { "class": "block block-" + kind + " block-cont" } });
    });
    (data.claims || []).forEach(function (row) {
      var id = "c-" + index + "-" + row[C.start] + "-" + row[C.end];
      var cls = "claim kind-" + String(row[C.kind]).replace(/[^A-Za-z0-9_-]+/g, "-");
      var attrs = { "class": cls, title: claimTitle(row) };
      if (!usedIds[id] && !document.getElementById(id)) { attrs.id = id; usedIds[id] = true; }
      spans.push({ s: row[C.start], e: row[C.end], rank: 2, seq: seq++, tag: "span", attrs: attrs, cont: { "class": cls + " claim-cont" } });
    });
    renderText(target, data.text, spans);
  }
  function renderClaims(box) {
    var holder = box.querySelector("[data-lazy-claims]");
    if (!holder || holder.getAttribute("data-rendered")) { return; }
    holder.setAttribute("data-rendered", "1");
    var index = box.getAttribute("data-doc");
    var rows = docData(index).claims || [];
    var table = make("table");
    var head = make("tr");
    HEADERS.forEach(function (h) { head.appendChild(make("th", null, h)); });
    table.appendChild(make("thead")).appendChild(head);
    var body = make("tbody");
    rows.forEach(function (row) {
      var tr = make("tr", row[C.flagged].length ? { "class": "flagged" } : null);
      tr.appendChild(make("td", null, row[C.lc]));
      var cell = make("td");
      cell.appendChild(make("a", { href: "#c-" + index + "-" + row[C.start] + "-" + row[C.end] }, row[C.text]));
      row[C.flagged].forEach(function (anchor) {
        cell.appendChild(document.createTextNode(" "));
        cell.appendChild(make("a", { href: "#" + anchor, title: "anomaly" }, "⚠"));
      });
      tr.appendChild(cell);
      [C.kind, C.value, C.interval, C.unit, C.qualifier, C.subject, C.date, C.notes].forEach(function (k) {
        tr.appendChild(make("td", null, row[k]));
      });
      body.appendChild(tr);
    });
    table.appendChild(body);
    holder.appendChild(table);
  }
  function opened(details) {
    if (details.classList.contains("document")) { renderDoc(details); }
    if (details.classList.contains("claims")) { renderClaims(details); }
  }
  // "toggle" does not bubble; a capturing listener on the document still sees every one.
  document.addEventListener("toggle", function (ev) {
    var t = ev.target;
    if (t && t.tagName === "DETAILS" && t.open) { opened(t); }
  }, true);
  all("details[open]").forEach(opened);

  // ---- navigation: links into collapsed or not yet rendered parts --------------------------
  function clearFocus() {
    all(".focus").forEach(function (el) { el.classList.remove("focus"); });
  }
  // Focusing an anomaly outlines its card, its figure and every piece of its evidence together,
  // so hovering the card (which a scroll to it can cause) keeps the card outlined.
  function focusAnomaly(anchor) {
    clearFocus();
    var primary = document.getElementById(anchor);
    if (primary) { primary.classList.add("focus"); }
    all("article.card").forEach(function (card) {
      if (card.getAttribute("data-anchor") === anchor) { card.classList.add("focus"); }
    });
    all("[data-of]").forEach(function (el) {
      if ((el.getAttribute("data-of") || "").split(" ").indexOf(anchor) !== -1) { el.classList.add("focus"); }
    });
  }
  function reveal(id) {
    var el = document.getElementById(id);
    if (!el) {
      var m = /^c-(\d+)-/.exec(id);
      var doc = m && document.getElementById("doc-" + m[1]);
      if (doc) { doc.open = true; renderDoc(doc); el = document.getElementById(id); }
    }
    if (!el) { return null; }
    for (var p = el.parentElement; p; p = p.parentElement) {
      if (p.tagName === "DETAILS" && !p.open) { p.open = true; opened(p); }
    }
    if (el.tagName === "DETAILS" && !el.open) { el.open = true; opened(el); }
    el.scrollIntoView({ block: "center" });
    return el;
  }
  document.addEventListener("click", function (ev) {
    var link = ev.target && ev.target.closest ? ev.target.closest("a[href^='#']") : null;
    if (!link) { return; }
    var id = decodeURIComponent(link.getAttribute("href").slice(1));
    var el = reveal(id);
    if (!el) { return; }
    ev.preventDefault();
    if (history.replaceState) { history.replaceState(null, "", "#" + id); }
    if (el.classList.contains("anomaly")) { focusAnomaly(id); }
    if (el.classList.contains("card")) { focusAnomaly(el.getAttribute("data-anchor")); el.classList.add("focus"); }
    if (el.classList.contains("claim") || el.classList.contains("evidence")) { el.classList.add("focus"); }
  });
  if (location.hash.length > 1) { reveal(decodeURIComponent(location.hash.slice(1))); }

  all("mark.anomaly, mark.anomaly-cont").forEach(function (el) {
    function go() {
      var card = document.getElementById(el.getAttribute("data-card"));
      var anchor = el.id || (card && card.getAttribute("data-anchor"));
      if (anchor) { focusAnomaly(anchor); }
      if (card) { card.hidden = false; card.scrollIntoView({ block: "center" }); card.classList.add("focus"); }
    }
    el.addEventListener("click", go);
    el.addEventListener("keydown", function (ev) { if (ev.key === "Enter" || ev.key === " ") { ev.preventDefault(); go(); } });
  });
  all(".card").forEach(function (card) {
    card.addEventListener("mouseenter", function () { focusAnomaly(card.getAttribute("data-anchor")); });
  });

  // ---- review status, kept in the browser by fingerprint ----------------------------------
  var store = null;
  try {
    store = window.localStorage;
    store.setItem("numcheck.probe", "1");
    store.removeItem("numcheck.probe");
  } catch (e) { store = null; }  // storage off (private mode, file:// policy): keep it in memory
  var memory = {};
  function loadReview(key) {
    var raw = null;
    try { raw = store ? store.getItem("numcheck.review." + key) : memory[key]; } catch (e) { raw = memory[key]; }
    if (!raw) { return null; }
    try { return JSON.parse(raw); } catch (e) { return null; }
  }
  function saveReview(key, review) {
    var raw = JSON.stringify(review);
    memory[key] = raw;
    try { if (store) { store.setItem("numcheck.review." + key, raw); } } catch (e) { /* quota: memory only */ }
  }
  function cardReview(card) {
    var checked = card.querySelector("fieldset.review input:checked");
    var note = card.querySelector("fieldset.review textarea");
    return { status: checked ? checked.value : "unreviewed", note: note ? note.value : "" };
  }
  function showStatus(card, status) {
    card.setAttribute("data-status", status);
    var pill = card.querySelector("[data-status-label]");
    if (pill) { pill.textContent = STATUS_LABELS[status] || status; }
  }
  var cards = all("article.card");
  function progress() {
    var done = cards.filter(function (c) { return c.getAttribute("data-status") !== "unreviewed"; }).length;
    var out = document.getElementById("review-progress");
    if (out) { out.textContent = done + " of " + cards.length + " reviewed"; }
  }
  cards.forEach(function (card) {
    var key = card.getAttribute("data-key");
    var saved = loadReview(key);
    if (saved) {
      var box = card.querySelector("fieldset.review input[value='" + (saved.status in STATUS_LABELS ? saved.status : "unreviewed") + "']");
      if (box) { box.checked = true; }
      var note = card.querySelector("fieldset.review textarea");
      if (note && typeof saved.note === "string") { note.value = saved.note; }
      showStatus(card, box ? box.value : "unreviewed");
    }
    card.querySelector("fieldset.review").addEventListener("change", function () {
      var review = cardReview(card);
      review.at = new Date().toISOString();
      saveReview(key, review);
      showStatus(card, review.status);
      progress();
      applyFilters();
    });
    card.querySelector("fieldset.review textarea").addEventListener("input", function () {
      var review = cardReview(card);
      review.at = new Date().toISOString();
      saveReview(key, review);
    });
  });
  progress();

  // ---- export: a baseline file that --baseline reads ---------------------------------------
  function exportReview() {
    var chosen = [], fixed = [];
    var tally = { unreviewed: 0, confirmed: 0, false_alarm: 0, fixed: 0 };
    cards.forEach(function (card) {
      var a = byKey[card.getAttribute("data-key")];
      var review = cardReview(card);
      tally[review.status] = (tally[review.status] || 0) + 1;
      if (!a || review.status === "unreviewed") { return; }
      var entry = { fingerprint: a.fingerprint, code: a.code, path: a.path, line: a.line, text: a.text,
                    sentence: a.sentence, status: review.status, note: review.note };
      (SUPPRESSED[review.status] ? chosen : fixed).push(entry);
    });
    function order(x, y) {
      return (x.path || "").localeCompare(y.path || "") || (x.line || 0) - (y.line || 0) ||
        (x.code || "").localeCompare(y.code || "") || x.fingerprint.localeCompare(y.fingerprint);
    }
    chosen.sort(order);
    fixed.sort(order);
    var doc = { numcheck: reviewData.numcheck, baseline: 1,
                review: { exported: new Date().toISOString(), counts: tally },
                anomalies: chosen, fixed: fixed };
    var text = JSON.stringify(doc, null, 2) + "\n";
    var panel = document.getElementById("export-panel");
    document.getElementById("export-json").value = text;
    panel.hidden = false;
    var link = document.getElementById("export-download");
    if (window.Blob && window.URL && URL.createObjectURL) {
      if (link.getAttribute("href")) { URL.revokeObjectURL(link.getAttribute("href")); }
      link.setAttribute("href", URL.createObjectURL(new Blob([text], { type: "application/json" })));
      link.click();
    }
    panel.scrollIntoView({ block: "center" });
  }
  var exportButton = document.getElementById("export-review");
  if (exportButton) { exportButton.addEventListener("click", exportReview); }

  // ---- filters and search -----------------------------------------------------------------
  var search = document.getElementById("search");
  var codeSel = document.getElementById("filter-code");
  var docSel = document.getElementById("filter-doc");
  var statusSel = document.getElementById("filter-status");
  var documents = all("details.document");
  var haystacks = {};
  function docText(details) {
    var index = details.getAttribute("data-doc");
    if (!(index in haystacks)) {
      var data = docData(index);
      var summary = details.querySelector("summary");
      haystacks[index] = (details.querySelector("[data-lazy-text]") && typeof data.text === "string"
        ? (summary ? summary.textContent : "") + "\n" + data.text
        : details.textContent).toLowerCase();
    }
    return haystacks[index];
  }
  function applyFilters() {
    var q = search ? search.value.trim().toLowerCase() : "";
    var sev = {};
    all("input[data-filter-severity]").forEach(function (box) { sev[box.getAttribute("data-filter-severity")] = box.checked; });
    var code = codeSel ? codeSel.value : "";
    var doc = docSel ? docSel.value : "";
    var status = statusSel ? statusSel.value : "";
    var shown = 0;
    cards.forEach(function (card) {
      var ok = sev[card.getAttribute("data-severity")] !== false &&
        (!code || card.getAttribute("data-code") === code) &&
        (!doc || card.getAttribute("data-doc") === doc) &&
        (!status || card.getAttribute("data-status") === status) &&
        (!q || card.querySelector(".card-body").textContent.toLowerCase().indexOf(q) !== -1);
      card.hidden = !ok;
      if (ok) { shown++; }
      var toc = document.querySelector(".toc li[data-for='" + card.id + "']");
      if (toc) { toc.hidden = !ok; }
    });
    var docsShown = 0;
    documents.forEach(function (details) {
      var ok = (!doc || details.getAttribute("data-doc") === doc) && (!q || docText(details).indexOf(q) !== -1);
      details.hidden = !ok;
      if (ok) { docsShown++; }
      var toc = document.querySelector(".toc li[data-doc-for='" + details.getAttribute("data-doc") + "']");
      if (toc) { toc.hidden = !ok; }
    });
    all(".story").forEach(function (story) {
      story.hidden = all("details.document", story).every(function (d) { return d.hidden; });
    });
    var none = document.getElementById("no-match");
    if (none) { none.hidden = shown > 0; }
    var out = document.getElementById("filter-count");
    if (out) {
      var filtering = q || code || doc || status || Object.keys(sev).some(function (k) { return !sev[k]; });
      out.textContent = filtering ? "showing " + shown + " of " + cards.length + " anomalies, " + docsShown + " of " + documents.length + " documents" : "";
    }
  }
  var timer = null;
  if (search) { search.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(applyFilters, 120); }); }
  [codeSel, docSel, statusSel].forEach(function (sel) { if (sel) { sel.addEventListener("change", applyFilters); } });
  all("input[data-filter-severity]").forEach(function (box) { box.addEventListener("change", applyFilters); });

  document.body.setAttribute("data-numcheck-ready", String(all("mark.anomaly").length));
})();
