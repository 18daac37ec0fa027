/* briefing: the page's only script (inlined; it loads nothing). Without it the page still works:
   citations are plain #links and every highlight has a title. With it:
   - following a citation (¶ / Q / S / P) scrolls its target into the middle of its pane, focuses it
     and flashes it, including every fragment of a span that had to be split;
   - selecting a quote in the article (click, Enter or Space) goes to its card in the briefing;
   - hovering or focusing a highlight shows a tooltip (speaker, cue, channel, grounding);
   - the "Show" checkboxes hide or show groups of markings (outlet-voice and vague underlines start
     hidden), and "quotes only" shows just the quotes; the page remembers the choice. */
(function () {
  "use strict";
  var d = document;
  var reduced = !!(window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches);
  var tip = d.getElementById("tip");
  var text = d.getElementById("article-text");

  function byId(id) { return id ? d.getElementById(id) : null; }
  function el(target) { return target && target.nodeType === 1 ? target : target && target.parentElement; }

  // A span and its continuation fragments (a mark split where it crossed another).
  function fragments(node) {
    var list = [node];
    var pairs = [["data-quote-id", "data-quote-part"], ["data-source-id", "data-source-part"]];
    pairs.forEach(function (p) {
      var key = node.getAttribute(p[0]);
      if (!key) return;
      d.querySelectorAll("[" + p[1] + "]").forEach(function (part) {
        if (part.getAttribute(p[1]) === key) list.push(part);
      });
    });
    return list;
  }

  function flash(node) {
    d.querySelectorAll(".flash").forEach(function (old) { old.classList.remove("flash"); });
    fragments(node).forEach(function (part) {
      part.classList.remove("flash");
      void part.offsetWidth; // restart the animation
      part.classList.add("flash");
    });
  }

  // Scroll to, focus and flash the element with this id. Returns false when there is none.
  function go(id, push) {
    var target = byId(id);
    if (!target) return false;
    hideTip();
    target.scrollIntoView({ block: "center", inline: "nearest", behavior: reduced ? "auto" : "smooth" });
    if (!target.hasAttribute("tabindex")) target.setAttribute("tabindex", "-1");
    target.focus({ preventScroll: true });
    flash(target);
    if (push && window.history && history.pushState) {
      try { history.pushState({ id: id }, "", "#" + encodeURIComponent(id)); } catch (e) { /* file: quirks */ }
    }
    return true;
  }

  d.addEventListener("animationend", function (e) {
    if (e.target.classList) e.target.classList.remove("flash");
  });

  function selecting() {
    var s = window.getSelection && window.getSelection();
    return !!(s && !s.isCollapsed && String(s).length);
  }

  function quoteOf(node) { return node && node.closest("[data-quote-id],[data-quote-part]"); }
  function quoteId(q) { return q.getAttribute("data-quote-id") || q.getAttribute("data-quote-part"); }

  d.addEventListener("click", function (e) {
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    var t = el(e.target);
    var link = t && t.closest('a[href^="#"]');
    if (link) {
      var id = decodeURIComponent(link.getAttribute("href").slice(1));
      if (go(id, true)) e.preventDefault();
      return;
    }
    var q = text && text.contains(t) ? quoteOf(t) : null;
    if (q && !selecting()) go("qc-" + quoteId(q), true);
  });

  d.addEventListener("keydown", function (e) {
    if (e.key === "Escape") { hideTip(); return; }
    var t = el(e.target);
    if ((e.key === "Enter" || e.key === " ") && t && t.hasAttribute("data-quote-id")) {
      e.preventDefault();
      go("qc-" + t.getAttribute("data-quote-id"), true);
    }
  });

  window.addEventListener("popstate", function () {
    var id = decodeURIComponent(location.hash.slice(1));
    if (id) go(id, false);
  });

  // ---- tooltip: one element, text from each highlight's title (moved to data-tip) ----
  if (text) {
    text.querySelectorAll("[title]").forEach(function (node) {
      node.setAttribute("data-tip", node.getAttribute("title"));
      node.removeAttribute("title");
    });
  }
  var shown = null;

  function hideTip() {
    if (!tip) return;
    tip.hidden = true;
    shown = null;
  }

  function showTip(node, x, y) {
    if (!tip) return;
    shown = node;
    tip.textContent = tipText(node);
    tip.hidden = false;
    var rects = node.getClientRects();
    var r = rects[0] || node.getBoundingClientRect();
    if (y != null) {
      for (var i = 0; i < rects.length; i++) {
        if (y >= rects[i].top && y <= rects[i].bottom) { r = rects[i]; break; }
      }
    }
    var w = tip.offsetWidth, h = tip.offsetHeight;
    var left = Math.min(Math.max(8, (x != null ? x : r.left) - 16), window.innerWidth - w - 8);
    var top = r.bottom + 8;
    if (top + h > window.innerHeight - 8) top = Math.max(8, r.top - h - 8);
    tip.style.left = left + "px";
    tip.style.top = top + "px";
  }

  // The innermost highlight's text, then its enclosing ones up to the quote that holds it.
  function tipText(node) {
    var parts = [];
    for (var n = node; n && n !== text && parts.length < 3; n = n.parentElement) {
      if (!n.hasAttribute("data-tip")) continue;
      parts.push(n.getAttribute("data-tip"));
      if (n.hasAttribute("data-quote-id") || n.hasAttribute("data-quote-part")) break;
    }
    return parts.join("\n\n");
  }

  function tipTarget(node) { return node && text && text.contains(node) ? node.closest("[data-tip]") : null; }

  d.addEventListener("mouseover", function (e) {
    var node = tipTarget(el(e.target));
    if (node !== shown) { if (node) showTip(node, e.clientX, e.clientY); else hideTip(); }
  });
  d.addEventListener("focusin", function (e) {
    var node = tipTarget(el(e.target));
    if (node) showTip(node); else hideTip();
  });
  d.addEventListener("focusout", hideTip);
  d.addEventListener("scroll", hideTip, true);
  window.addEventListener("resize", hideTip);

  // ---- "Show" checkboxes, remembered across pages (localStorage, when the browser allows it) ----
  var toggles = d.querySelector(".toggles");
  function remembered(key) {
    try { return window.localStorage.getItem("briefing." + key); } catch (err) { return null; }
  }
  function remember(key, on) {
    try { window.localStorage.setItem("briefing." + key, on ? "on" : "off"); } catch (err) { /* private mode */ }
  }
  function apply(box) {
    if (box.hasAttribute("data-hide")) text.classList.toggle("hide-" + box.getAttribute("data-hide"), !box.checked);
    if (box.hasAttribute("data-view")) d.body.classList.toggle(box.getAttribute("data-view"), box.checked);
  }
  if (toggles && text) {
    toggles.hidden = false;
    toggles.querySelectorAll("input").forEach(function (box) {
      var key = box.getAttribute("data-hide") || box.getAttribute("data-view");
      var saved = remembered(key);
      if (saved) box.checked = saved === "on";
      apply(box);
    });
    toggles.addEventListener("change", function (e) {
      var box = e.target;
      if (!box || !box.matches("input")) return;
      apply(box);
      remember(box.getAttribute("data-hide") || box.getAttribute("data-view"), box.checked);
    });
  }

  // ---- statements filter: show only those resting on one kind of source ----
  var filter = d.querySelector(".kind-filter");
  var list = d.getElementById("statement-list");
  if (filter && list) {
    filter.hidden = false;
    filter.addEventListener("click", function (e) {
      var button = el(e.target) && el(e.target).closest(".kf");
      if (!button) return;
      filter.querySelectorAll(".kf").forEach(function (b) { b.setAttribute("aria-pressed", String(b === button)); });
      var kind = button.getAttribute("data-kind");
      if (kind) list.setAttribute("data-kind", kind); else list.removeAttribute("data-kind");
    });
  }

  // ---- speaker buttons: show only that speaker's quotes (select again to show all) ----
  d.querySelectorAll(".spk").forEach(function (button) {
    button.addEventListener("click", function () {
      var on = button.getAttribute("aria-pressed") !== "true";
      d.querySelectorAll(".spk").forEach(function (b) { b.setAttribute("aria-pressed", "false"); });
      text.className = text.className.replace(/\s*focus-c-\S+/g, "");
      if (on) {
        button.setAttribute("aria-pressed", "true");
        text.classList.add("focus-c-" + button.getAttribute("data-colour"));
      }
    });
  });

  if (location.hash.length > 1) {
    var initial = decodeURIComponent(location.hash.slice(1));
    window.addEventListener("load", function () { go(initial, false); });
  }
})();
