// Shows a claim's details card when its highlight is clicked or gets keyboard focus.
// Optional: without this script, a click still shows the card through CSS :target.
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  function cardFor(link) {
    var id = (link.getAttribute("href") || "").slice(1);
    var card = id ? document.getElementById(id) : null;
    return card && card.classList.contains("card") ? card : null;
  }

  function show(card) {
    var open = document.querySelectorAll(".card.shown");
    for (var i = 0; i < open.length; i++) {
      if (open[i] !== card) open[i].classList.remove("shown");
    }
    card.classList.add("shown");
    var box = card.parentElement;
    if (box && box.scrollHeight > box.clientHeight) {
      box.scrollTop = card.offsetTop - box.offsetTop;
    }
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest("a.hl") : null;
    var card = link ? cardFor(link) : null;
    if (!card) return;
    event.preventDefault();
    show(card);
    try {
      history.replaceState(null, "", "#" + card.id);
    } catch (e) {
      // some browsers refuse history changes on file:// pages; the card is shown anyway
    }
  });

  document.addEventListener("focusin", function (event) {
    var link = event.target.closest ? event.target.closest("a.hl") : null;
    var card = link ? cardFor(link) : null;
    if (card) show(card);
  });

  document.addEventListener("DOMContentLoaded", function () {
    var id = decodeURIComponent(location.hash.slice(1));
    var card = id ? document.getElementById(id) : null;
    if (card && card.classList.contains("card")) {
      show(card);
      card.scrollIntoView({ block: "start" });
    }
  });
})();
