// Names for the widgets Django's admin builds in the browser, which axe-core (WCAG 2.1 AA)
// finds unnamed: select2's combobox and search box (autocomplete fields) take the label of
// the select they replace; the two-box selector's search icons carry an aria-label without
// a role that allows one. Without JavaScript these widgets do not exist, and the plain
// selects are labelled by the form. Also: select2 puts its "clear all" cross (a span, not a
// list item, and not reachable by keyboard: Backspace clears) inside the list of choices,
// which breaks the list for screen readers; and the export page's "select all" box, whose
// inline handler the Content-Security-Policy blocks, is wired up here.
(function () {
  "use strict";

  function labelOf(select) {
    if (select.getAttribute("aria-label")) {
      return select.getAttribute("aria-label");
    }
    var label = select.id && document.querySelector('label[for="' + select.id + '"]');
    return label ? label.textContent.replace(/:\s*$/, "").trim() : "";
  }

  function nameWidgets() {
    document.querySelectorAll("select.admin-autocomplete").forEach(function (select) {
      var container = select.nextElementSibling;
      var name = labelOf(select);
      if (!name || !container || !container.classList.contains("select2")) {
        return;
      }
      container.querySelectorAll(
        ".select2-selection, .select2-selection__rendered, .select2-search__field"
      ).forEach(
        function (element) {
          if (element.getAttribute("aria-label") !== name) {
            element.setAttribute("aria-label", name);
          }
        }
      );
    });
    document.querySelectorAll(
      "ul.select2-selection__rendered > .select2-selection__clear:not([aria-hidden])"
    ).forEach(function (cross) {
      cross.setAttribute("aria-hidden", "true");
    });
    document.querySelectorAll(".search-label-icon[aria-label]:not([role])").forEach(
      function (icon) {
        icon.setAttribute("role", "img");
      }
    );
  }

  function wireExportToggle() {
    var toggle = document.getElementById("select-all-toggle");
    if (toggle && typeof window.onSelectToggleChange === "function") {
      toggle.addEventListener("change", window.onSelectToggleChange);
    }
  }

  function start() {
    nameWidgets();
    wireExportToggle();
    // select2 and the formsets build and rebuild widgets after load (adding a row, choosing
    // a value re-creates the search box), so name them whenever the form changes.
    var pending = false;
    new MutationObserver(function () {
      if (!pending) {
        pending = true;
        window.requestAnimationFrame(function () {
          pending = false;
          nameWidgets();
        });
      }
    }).observe(document.body, { childList: true, subtree: true });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
