/*
 * Animated figures (imgsynth/render/templates/figure.html.j2): the page loads the still (the
 * animation's last frame, small, so the page is quick); once the page has loaded, the
 * animation replaces it, unless the reader prefers reduced motion. A button pauses and plays
 * it (WCAG 2.2.2: moving content that lasts can be stopped). Without JavaScript the still stays.
 *
 * DOM contract: img[data-ty-animation] (srcset of the animated copies) inside a figure that
 * holds button.ty-figure__play[data-play][data-pause] (hidden until this script shows it).
 */
(function () {
  "use strict";

  function setup(img) {
    var still = img.getAttribute("srcset");
    var moving = img.getAttribute("data-ty-animation");
    var figure = img.closest("figure");
    var button = figure && figure.querySelector(".ty-figure__play");
    var reduce = window.matchMedia ? window.matchMedia("(prefers-reduced-motion: reduce)") : null;

    function show(play) {
      img.setAttribute("srcset", play ? moving : still);
      if (button) {
        button.textContent = button.getAttribute(play ? "data-pause" : "data-play");
        button.setAttribute("aria-pressed", play ? "true" : "false");
      }
    }

    if (button) {
      button.hidden = false;
      button.addEventListener("click", function () {
        show(button.getAttribute("aria-pressed") !== "true");
      });
    }
    show(!(reduce && reduce.matches));
    if (reduce && reduce.addEventListener) {
      reduce.addEventListener("change", function () {
        show(!reduce.matches);
      });
    }
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll("img[data-ty-animation]"), setup);
  }

  /* After the page has loaded and painted, when the browser is idle: the animation (often a
     few hundred kilobytes) never competes with what the reader sees first. */
  function later() {
    if (window.requestIdleCallback) window.requestIdleCallback(start, { timeout: 3000 });
    else window.setTimeout(start, 500);
  }

  if (document.readyState === "complete") later();
  else window.addEventListener("load", later, { once: true });
})();
