/* briefing story: the page's only script (inlined; it loads nothing). Selecting a shared quote
   lights the quote in every article that holds it (class "lit") and brings each into view in its
   column; selecting it again puts the lights out. */
(function () {
  "use strict";
  var d = document;
  d.querySelectorAll("button.sq").forEach(function (button) {
    button.addEventListener("click", function () {
      var id = button.getAttribute("data-sq");
      var on = button.getAttribute("aria-pressed") !== "true";
      d.querySelectorAll("button.sq").forEach(function (b) { b.setAttribute("aria-pressed", "false"); });
      d.querySelectorAll(".lit").forEach(function (el) { el.classList.remove("lit"); });
      if (!on) return;
      button.setAttribute("aria-pressed", "true");
      d.querySelectorAll("[data-shared]").forEach(function (el) {
        if ((" " + el.getAttribute("data-shared") + " ").indexOf(" " + id + " ") >= 0) {
          el.classList.add("lit");
          if (el.scrollIntoView) el.scrollIntoView({ block: "center", inline: "nearest" });
        }
      });
    });
  });
})();
