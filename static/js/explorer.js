// The cross-link explorer, enhanced: pointing at a measure in the network (or at a row of the
// table of links) highlights it with its links and neighbours. Everything works without this.
(function () {
  "use strict";

  function clear(svg) {
    svg.classList.remove("is-highlighting");
    svg.querySelectorAll(".is-highlighted").forEach(function (el) {
      el.classList.remove("is-highlighted");
    });
  }

  function highlight(svg, codes, edgeFilter) {
    clear(svg);
    svg.classList.add("is-highlighting");
    svg.querySelectorAll(".explorer-graph__edge").forEach(function (edge) {
      if (edgeFilter(edge.dataset.from, edge.dataset.to)) {
        edge.classList.add("is-highlighted");
        codes.add(edge.dataset.from);
        codes.add(edge.dataset.to);
      }
    });
    svg.querySelectorAll(".explorer-graph__node").forEach(function (node) {
      if (codes.has(node.dataset.code)) node.classList.add("is-highlighted");
    });
  }

  document.querySelectorAll("svg.explorer-graph").forEach(function (svg) {
    svg.querySelectorAll(".explorer-graph__node").forEach(function (node) {
      var code = node.dataset.code;
      node.addEventListener("mouseenter", function () {
        highlight(svg, new Set([code]), function (from, to) {
          return from === code || to === code;
        });
      });
      node.addEventListener("mouseleave", function () { clear(svg); });
    });
  });

  // A row of the text alternative names two measures; highlight their link in the drawing.
  document.querySelectorAll("table.explorer-links tbody tr").forEach(function (row) {
    var section = row.closest("section");
    var svg = section && section.querySelector("svg.explorer-graph");
    if (!svg || !row.dataset.from) return;
    function on() {
      highlight(svg, new Set(), function (from, to) {
        return from === row.dataset.from && to === row.dataset.to;
      });
    }
    row.addEventListener("mouseenter", on);
    row.addEventListener("focusin", on);
    row.addEventListener("mouseleave", function () { clear(svg); });
    row.addEventListener("focusout", function () { clear(svg); });
  });
})();
