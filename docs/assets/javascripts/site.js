/*
 * Every page: the language switch, printing, the bilingual 404 page. No network, no globals
 * beyond `window.tySite` (for tests). Listed in mkdocs.yml (extra_javascript) after Material's
 * bundle, so it runs before DOMContentLoaded.
 *
 * 1. hreflang alternates. The <head> names each page's counterpart in the other language
 *    (absolute URLs on the published host, for search engines). Material reads every
 *    <link rel=alternate> once, on DOMContentLoaded, and fetches sitemap.xml beside each one
 *    to steer its language switch (mkdocs-material#6582): requests to the production host from
 *    anywhere else, and 404s for sitemaps beside pages. The switcher's own links already point
 *    at the counterpart, so Material is kept from seeing the alternates: their `rel` is parked
 *    in `data-ty-rel` until Material has looked, then put back.
 * 2. The language switch keeps the page's query and fragment (a filtered timeline stays filtered).
 * 3. Printing: each link in the text carries its absolute URL (`data-ty-print`, shown by the print
 *    style sheet), and the page carries the site's address and the print date.
 * 4. The 404 page: GitHub Pages serves the root 404.html for every missing path, /en/… included;
 *    it holds both languages, and the one that does not match the path is hidden here.
 * 5. Sortable tables (table[data-ty-sortable], the data page): each column heading becomes a
 *    button; a cell's data-sort (a number) sorts before its text. aria-sort says the order.
 */
(function () {
  "use strict";

  /* 1 */
  var parked = Array.prototype.slice.call(document.querySelectorAll('head link[rel="alternate"]'));
  parked.forEach(function (link) {
    link.setAttribute("data-ty-rel", link.getAttribute("rel"));
    link.setAttribute("rel", "ty-alternate");
  });

  function unpark() {
    parked.forEach(function (link) {
      link.setAttribute("rel", link.getAttribute("data-ty-rel") || "alternate");
      link.removeAttribute("data-ty-rel");
    });
    parked = [];
  }

  /* 2 */
  function keepQuery(event) {
    var link = event.target && event.target.closest && event.target.closest("a.md-select__link[hreflang]");
    if (!link || (!window.location.search && !window.location.hash)) return;
    var url = new URL(link.getAttribute("href"), window.location.href);
    url.search = window.location.search;
    url.hash = window.location.hash;
    link.setAttribute("href", url.pathname + url.search + url.hash);
  }

  /* 3 */
  var MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December"];

  /* The date as toLocaleDateString(lang, {year, month: "long", day}) writes it in the site's two
   * languages, without Intl: its first call loads the locale's data, 15-180 ms on the load path. */
  function printDate(day, lang) {
    var y = day.getFullYear(), m = day.getMonth(), d = day.getDate();
    if (lang.indexOf("zh") === 0) return y + "\u5e74" + (m + 1) + "\u6708" + d + "\u65e5";
    if (lang.indexOf("en") === 0) return MONTHS[m] + " " + d + ", " + y;
    return y + "-" + (m < 9 ? "0" : "") + (m + 1) + "-" + (d < 10 ? "0" : "") + d;
  }

  function printLinks() {
    var links = document.querySelectorAll(".md-content a[href]");
    Array.prototype.forEach.call(links, function (link) {
      var href = link.getAttribute("href");
      if (!href || href.charAt(0) === "#" || link.classList.contains("headerlink")) return;
      var url = link.href;
      if (/^https?:/.test(url)) link.setAttribute("data-ty-print", url);
    });
    var content = document.querySelector(".md-content__inner");
    if (!content || document.querySelector(".ty-print-meta")) return;
    var canonical = document.querySelector('link[rel="canonical"]');
    var address = canonical ? canonical.href : window.location.href.split("#")[0];
    var lang = document.documentElement.getAttribute("lang") || "en";
    var date = printDate(new Date(), lang);
    var note = document.createElement("p");
    note.className = "ty-print-meta";
    note.setAttribute("aria-hidden", "true");
    var template = content.getAttribute("data-ty-print-template") ||
      (lang.indexOf("zh") === 0 ? "本页地址：{url} · 打印于 {date}" : "{url} · printed on {date}");
    note.textContent = template.replace("{url}", address).replace("{date}", date);
    content.appendChild(note);
  }

  /* 4 */
  function notFound() {
    var page = document.querySelector("[data-ty-404]");
    if (!page) return;
    var root = page.getAttribute("data-ty-root") || "/";
    var path = window.location.pathname;
    var lang = page.getAttribute("data-ty-default") || "zh";
    Array.prototype.forEach.call(page.querySelectorAll("[data-ty-404-lang]"), function (block) {
      var prefix = block.getAttribute("data-ty-prefix");
      if (prefix && path.indexOf(root + prefix) === 0) lang = block.getAttribute("data-ty-404-lang");
    });
    Array.prototype.forEach.call(page.querySelectorAll("[data-ty-404-lang]"), function (block) {
      if (block.getAttribute("data-ty-404-lang") === lang) block.removeAttribute("hidden");
      else block.setAttribute("hidden", "");
    });
    page.setAttribute("data-ty-404-shown", lang);
    document.documentElement.setAttribute("lang", lang);
  }

  /* 5 */
  function sortable(table) {
    var body = table.tBodies[0];
    var heads = table.tHead ? table.tHead.rows[0].cells : [];
    Array.prototype.forEach.call(heads, function (head, column) {
      var button = document.createElement("button");
      button.type = "button";
      button.title = table.getAttribute("data-sort-label") || "";
      while (head.firstChild) button.appendChild(head.firstChild);
      head.appendChild(button);
      button.addEventListener("click", function () {
        var ascending = head.getAttribute("aria-sort") !== "ascending";
        var numeric = head.getAttribute("data-sort-type") === "number";
        var rows = Array.prototype.slice.call(body.rows);
        var key = function (row) {
          var cell = row.cells[column];
          var value = cell.getAttribute("data-sort");
          return value !== null ? value : cell.textContent.trim();
        };
        rows.sort(function (a, b) {
          var x = key(a), y = key(b);
          var order = numeric ? Number(x) - Number(y) : x.localeCompare(y, document.documentElement.lang || undefined);
          return ascending ? order : -order;
        });
        rows.forEach(function (row) { body.appendChild(row); });
        Array.prototype.forEach.call(heads, function (other) { other.removeAttribute("aria-sort"); });
        head.setAttribute("aria-sort", ascending ? "ascending" : "descending");
      });
    });
  }

  notFound();
  Array.prototype.forEach.call(document.querySelectorAll("table[data-ty-sortable]"), sortable);
  document.addEventListener("click", keepQuery, true);
  document.addEventListener("DOMContentLoaded", function () {
    unpark();
    printLinks();
  });
  if (document.readyState !== "loading") {
    unpark();
    printLinks();
  }

  window.tySite = { printLinks: printLinks, printDate: printDate, notFound: notFound, sortable: sortable };
})();
