// The priorities page: after htmx puts the re-ranked list in place, keep the keyboard where it
// was, on the concern that was just scored (the server marks it with data-just-scored).
"use strict";

document.addEventListener("htmx:afterSettle", function () {
  var scored = document.querySelector("[data-just-scored]");
  if (scored) {
    scored.focus();
    scored.scrollIntoView({ block: "nearest" });
  }
});
