// Progressive enhancement of the citation box: a copy button (without JavaScript the text is
// selectable and the button stays hidden), and the box unfolded for printing.
(function () {
  "use strict";
  document.querySelectorAll("button[data-copy]").forEach(function (button) {
    var target = document.getElementById(button.getAttribute("data-copy"));
    var status = button.parentNode.querySelector("[role=status]");
    if (!target || !navigator.clipboard) {
      return;
    }
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(target.textContent.trim()).then(
        function () {
          status.textContent = button.getAttribute("data-copied");
        },
        function () {
          status.textContent = button.getAttribute("data-failed");
        }
      );
    });
  });
  var folded = [];
  window.addEventListener("beforeprint", function () {
    folded = Array.prototype.filter.call(document.querySelectorAll("details.cite"), function (d) {
      return !d.open;
    });
    folded.forEach(function (d) {
      d.open = true;
    });
  });
  window.addEventListener("afterprint", function () {
    folded.forEach(function (d) {
      d.open = false;
    });
  });
})();
