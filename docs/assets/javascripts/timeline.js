/*
 * Timeline filters: era, kind, provenance (origin) and tag, kept in the URL
 * (?era=…&kind=…&origin=…&tag=…).
 *
 * Progressive enhancement: the form (#ty-filters) is rendered with `hidden` and shown only
 * here, so without JavaScript the whole timeline reads as before. No network, no globals
 * beyond `window.tyTimeline` (for tests). Runs on Material's `document$` when present
 * (navigation.instant is off, so it emits once per page load), else on DOMContentLoaded.
 *
 * DOM contract (see imgsynth/render/templates/timeline.md.j2):
 *   form#ty-filters[data-count-template][data-skip-label]
 *   select[data-filter=era|kind|origin|tag] > option[data-label][data-count]   button[type=reset]
 *   output#ty-filter-count (aria-live)     p#ty-filter-empty
 *   li.ty-entry[data-era][data-kind][data-origin][data-tags]  inside ol.ty-timeline after h3.ty-year
 *   div.ty-era[data-era]  after h2#era-<id>     a.ty-overview__mark[data-entry] in the SVG
 *   nav.ty-jump a[href^="#"]    Material's table of contents: .md-nav--secondary a[href^="#"]
 * State: hidden entries get the `hidden` attribute; dimmed overview marks get the class
 * `ty-overview__mark--dimmed`; <html> gets `data-ty-filtered` when any filter is active.
 * After each change: jump links and table-of-contents items whose section is hidden are
 * hidden too; each option shows how many entries it would leave given the other filters; a
 * #hash naming a hidden section is dropped from the URL. A skip link to the filters is added
 * after Material's "skip to content" link.
 */
(function () {
  "use strict";

  var PARAMS = ["era", "kind", "origin", "tag"];

  function read(form) {
    var state = {};
    PARAMS.forEach(function (name) {
      var select = form.querySelector('select[data-filter="' + name + '"]');
      state[name] = select ? select.value : "";
    });
    return state;
  }

  /* An entry's (or overview mark's) values, read once per change. */
  function facts(item) {
    return {
      era: item.getAttribute("data-era"),
      kind: item.getAttribute("data-kind"),
      origin: item.getAttribute("data-origin"),
      tags: (item.getAttribute("data-tags") || "").split(/\s+/)
    };
  }

  function matches(record, state) {
    if (state.era && record.era !== state.era) return false;
    if (state.kind && record.kind !== state.kind) return false;
    if (state.origin && record.origin !== state.origin) return false;
    if (state.tag && record.tags.indexOf(state.tag) < 0) return false;
    return true;
  }

  /* Writes only what changes: on an unfiltered load the page is left as built, so the browser
   * restyles nothing (a written attribute or text costs a style pass even when it is the same). */
  function setHidden(element, hidden) {
    if (!element || element.hasAttribute("hidden") === hidden) return;
    if (hidden) element.setAttribute("hidden", "");
    else element.removeAttribute("hidden");
  }

  /* The era's heading and the text between it and its entries (the era summary). */
  function eraPreamble(block) {
    var parts = [];
    var heading = document.getElementById("era-" + block.getAttribute("data-era"));
    if (!heading) return parts;
    for (var node = heading; node && node !== block; node = node.nextElementSibling) {
      parts.push(node);
    }
    return parts;
  }

  /* Is the element hidden, itself or through an ancestor? */
  function isHidden(element) {
    return !element || element.closest("[hidden]") !== null;
  }

  function targetOf(link) {
    var hash = link.getAttribute("href") || "";
    if (hash.charAt(0) !== "#" || hash.length < 2) return null;
    return document.getElementById(decodeURIComponent(hash.slice(1)));
  }

  /* Jump links and table-of-contents items lead only to sections still shown. */
  function pruneLinks() {
    Array.prototype.forEach.call(document.querySelectorAll(".ty-jump a[href^='#']"), function (link) {
      setHidden(link, isHidden(targetOf(link)));
    });
    Array.prototype.forEach.call(document.querySelectorAll(".md-nav--secondary a[href^='#']"), function (link) {
      var item = link.closest("li") || link;
      setHidden(item, isHidden(targetOf(link)));
    });
  }

  /* Each option: how many entries it would show with the other filters as they are. */
  function countOptions(form, state, records) {
    PARAMS.forEach(function (name) {
      var select = form.querySelector('select[data-filter="' + name + '"]');
      if (!select) return;
      var others = {};
      PARAMS.forEach(function (key) { others[key] = key === name ? "" : state[key]; });
      Array.prototype.forEach.call(select.options, function (option) {
        var label = option.getAttribute("data-label");
        if (!option.value || label === null) return;
        var probe = {};
        PARAMS.forEach(function (key) { probe[key] = others[key]; });
        probe[name] = option.value;
        var n = 0;
        records.forEach(function (record) { if (matches(record, probe)) n += 1; });
        if (option.getAttribute("data-count") === String(n)) return;
        option.textContent = label + " (" + n + ")";
        option.setAttribute("data-count", String(n));
      });
    });
  }

  function apply(form, state) {
    var items = document.querySelectorAll("li.ty-entry");
    var records = Array.prototype.map.call(items, facts);
    var shown = 0;
    Array.prototype.forEach.call(items, function (item, index) {
      var ok = matches(records[index], state);
      setHidden(item, !ok);
      if (ok) shown += 1;
    });
    Array.prototype.forEach.call(document.querySelectorAll("ol.ty-timeline"), function (list) {
      var visible = list.querySelector("li.ty-entry:not([hidden])") !== null;
      setHidden(list, !visible);
      var heading = list.previousElementSibling;
      if (heading && heading.classList.contains("ty-year")) setHidden(heading, !visible);
    });
    Array.prototype.forEach.call(document.querySelectorAll("div.ty-era[data-era]"), function (block) {
      var visible = block.querySelector("li.ty-entry:not([hidden])") !== null;
      setHidden(block, !visible);
      eraPreamble(block).forEach(function (node) { setHidden(node, !visible); });
    });
    Array.prototype.forEach.call(document.querySelectorAll(".ty-overview__mark"), function (mark) {
      mark.classList.toggle("ty-overview__mark--dimmed", !matches(facts(mark), state));
    });
    var active = PARAMS.some(function (name) { return state[name]; });
    if (active) document.documentElement.setAttribute("data-ty-filtered", "");
    else document.documentElement.removeAttribute("data-ty-filtered");
    var count = document.getElementById("ty-filter-count");
    if (count) {
      var template = form.getAttribute("data-count-template") || "{shown} / {total}";
      count.textContent = template.replace("{shown}", shown).replace("{total}", items.length);
      count.setAttribute("data-shown", String(shown));
      count.setAttribute("data-total", String(items.length));
    }
    setHidden(document.getElementById("ty-filter-empty"), shown !== 0);
    countOptions(form, state, records);
    pruneLinks();
    return shown;
  }

  function writeUrl(state) {
    if (!window.history || !window.history.replaceState) return;
    var params = new URLSearchParams(window.location.search);
    PARAMS.forEach(function (name) {
      if (state[name]) params.set(name, state[name]);
      else params.delete(name);
    });
    var query = params.toString();
    var hash = window.location.hash;
    if (hash && isHidden(document.getElementById(decodeURIComponent(hash.slice(1))))) hash = "";
    var url = window.location.pathname + (query ? "?" + query : "") + hash;
    window.history.replaceState(window.history.state, "", url);
  }

  /* Values from the URL; a value that is not one of the select's options is ignored. */
  function fromUrl(form) {
    var params = new URLSearchParams(window.location.search);
    PARAMS.forEach(function (name) {
      var select = form.querySelector('select[data-filter="' + name + '"]');
      if (!select) return;
      var value = params.get(name) || "";
      var known = Array.prototype.some.call(select.options, function (option) {
        return option.value === value;
      });
      select.value = known ? value : "";
    });
  }

  /* "Skip to the filters", right after Material's "skip to content" link. */
  function addSkipLink(form) {
    if (document.querySelector(".ty-skip-filters")) return;
    var link = document.createElement("a");
    link.className = "md-skip ty-skip-filters";
    link.href = "#ty-filters";
    link.textContent = form.getAttribute("data-skip-label") || "Filters";
    link.addEventListener("click", function (event) {
      var first = form.querySelector("select");
      if (!first) return;
      event.preventDefault();
      form.scrollIntoView();
      first.focus();
    });
    var skip = document.querySelector('[data-md-component="skip"]');
    if (skip) skip.appendChild(link);
    else document.body.insertBefore(link, document.body.firstChild);
  }

  function init() {
    var form = document.getElementById("ty-filters");
    if (!form || form.getAttribute("data-ty-ready") === "true") return;
    form.setAttribute("data-ty-ready", "true");
    form.removeAttribute("hidden");
    addSkipLink(form);
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.addEventListener("change", function () {
      var state = read(form);
      apply(form, state);
      writeUrl(state);
    });
    form.addEventListener("reset", function () {
      // the reset happens after this event: read the state once the selects are cleared
      window.setTimeout(function () {
        var state = read(form);
        apply(form, state);
        writeUrl(state);
      }, 0);
    });
    fromUrl(form);
    apply(form, read(form));
    // after a filtered load the hash target may have moved: scroll to it again
    if (window.location.hash) {
      var target = document.getElementById(decodeURIComponent(window.location.hash.slice(1)));
      if (target && !target.closest("[hidden]")) target.scrollIntoView();
    }
    holdTarget();
    window.addEventListener("hashchange", holdTarget);
    ["wheel", "touchstart", "keydown", "mousedown"].forEach(function (type) {
      window.addEventListener(type, function () { holding += 1; }, { passive: true });
    });
    if (document.readyState === "complete") renderRest();
    else window.addEventListener("load", renderRest);
  }

  /* Entries off screen are not rendered while the page loads (timeline.css), and what the
   * browser does not render is missing from its accessibility tree too (Chromium: a screen
   * reader would not find those entries' headings and links). Once the page has loaded, the
   * rest is rendered two entries at a time when the browser is idle (each step a few
   * milliseconds, none a long task), so within a second or two the page is whole for every
   * reader: accessibility tree, find in page, the scroll bar's length. */
  var rendering = false;
  function renderRest() {
    var rest = Array.prototype.slice.call(document.querySelectorAll("li.ty-entry:not(.ty-entry--rendered)"));
    if (!rest.length) return;
    rendering = true;
    var idle = window.requestIdleCallback || function (callback) {
      return window.setTimeout(callback, 16);
    };
    // two entries a step: the frame that renders them stays well under a long task (50 ms) on
    // a slow phone too; one step per idle period, so the steps never add up to one long task
    var step = function () {
      rest.splice(0, 2).forEach(function (entry) { entry.classList.add("ty-entry--rendered"); });
      if (rest.length) idle(step);
      else rendering = false;
    };
    idle(step);
  }

  /* Entries off screen have a placeholder height until they come near it (timeline.css): when
   * a jump or a link lands on a section, the entries just above it take their real height in
   * the next frames and would move the section away (the browser does not always keep it in
   * place). For a second after landing, and while the rest is being rendered (renderRest), a
   * section that moved while the reader did nothing is put back where it landed. */
  var holding = 0;
  function holdTarget() {
    var hash = window.location.hash;
    var target = hash.length > 1 ? document.getElementById(decodeURIComponent(hash.slice(1))) : null;
    if (!target || target.closest("[hidden]") || !window.requestAnimationFrame) return;
    var ticket = ++holding;
    var landed = null;
    var until = Date.now() + 1000;
    var check = function () {
      if (ticket !== holding) return;
      var top = target.getBoundingClientRect().top;
      if (landed === null) landed = top;
      else if (Math.abs(top - landed) > 1) window.scrollBy(0, top - landed);
      if (Date.now() < until || rendering) window.requestAnimationFrame(check);
    };
    window.requestAnimationFrame(check);
  }

  window.tyTimeline = { init: init, apply: function (state) {
    var form = document.getElementById("ty-filters");
    return form ? apply(form, state) : 0;
  } };

  if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
    window.document$.subscribe(init);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
