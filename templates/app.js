// Shows a claim's details card when its highlight is clicked or gets keyboard focus.
// On a narrow screen the card moves under the tapped claim, inside the text, so it opens
// where the reader is looking; on a wide one it stays in the side column.
// Optional: without this script, a click still shows the card through CSS :target.
(function () {
  "use strict";
  document.documentElement.classList.add("js");
  var narrow = window.matchMedia ? window.matchMedia("(max-width: 60rem)") : null;

  function cardFor(link) {
    var id = (link.getAttribute("href") || "").slice(1);
    var card = id ? document.getElementById(id) : null;
    return card && card.classList.contains("card") ? card : null;
  }

  function place(card, link) {
    var home = document.querySelector(".cards");
    if (link && narrow && narrow.matches) {
      // after the last highlighted piece of this claim, so the card does not cut its words
      var pieces = document.querySelectorAll('a.hl[href="' + link.getAttribute("href") + '"]');
      var last = pieces.length ? pieces[pieces.length - 1] : link;
      if (last.nextSibling !== card) last.parentNode.insertBefore(card, last.nextSibling);
    } else if (home && card.parentElement !== home) {
      home.appendChild(card);
    }
  }

  function show(card, link) {
    var open = document.querySelectorAll(".card.shown");
    for (var i = 0; i < open.length; i++) {
      if (open[i] !== card) open[i].classList.remove("shown");
    }
    place(card, link);
    card.classList.add("shown");
    var box = card.parentElement;
    if (box && box.classList.contains("cards") && box.scrollHeight > box.clientHeight) {
      box.scrollTop = card.offsetTop - box.offsetTop;
    }
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest("a.hl") : null;
    var card = link ? cardFor(link) : null;
    if (!card) return;
    event.preventDefault();
    show(card, link);
    try {
      history.replaceState(null, "", "#" + card.id);
    } catch (e) {
      // some browsers refuse history changes on file:// pages; the card is shown anyway
    }
  });

  document.addEventListener("focusin", function (event) {
    var link = event.target.closest ? event.target.closest("a.hl") : null;
    var card = link ? cardFor(link) : null;
    if (card) show(card, link);
  });

  document.addEventListener("DOMContentLoaded", function () {
    var id = decodeURIComponent(location.hash.slice(1));
    var card = id ? document.getElementById(id) : null;
    if (card && card.classList.contains("card")) {
      var link = document.getElementById("hl-" + id.replace(/^claim-/, ""));
      show(card, link);
      card.scrollIntoView({ block: "start" });
    }
  });
})();
