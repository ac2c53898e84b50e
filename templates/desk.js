// Review desk keys: j/k move through the queue (or to the next/previous claim), Enter
// opens the selected claim, a number key gives the selected item that verdict.
// Optional: every action is also a link or a button.
(function () {
  "use strict";

  function typing(el) {
    return el && (el.tagName === "INPUT" || el.tagName === "TEXTAREA" || el.tagName === "SELECT" || el.isContentEditable);
  }

  function rows() {
    return Array.prototype.slice.call(document.querySelectorAll("table.queue tr.item"));
  }

  function selected() {
    return document.querySelector("table.queue tr.item.selected");
  }

  function select(row) {
    var old = selected();
    if (old) old.classList.remove("selected");
    if (!row) return;
    row.classList.add("selected");
    row.scrollIntoView({ block: "nearest" });
    var link = row.querySelector("a.open");
    if (link) link.focus({ preventScroll: true });
  }

  function move(step) {
    var all = rows();
    if (!all.length) return;
    var at = all.indexOf(selected());
    var next = at < 0 ? 0 : Math.min(all.length - 1, Math.max(0, at + step));
    select(all[next]);
  }

  function verdictButton(form, key) {
    var buttons = form.querySelectorAll("button[name=verdict]");
    for (var i = 0; i < buttons.length; i++) {
      if (buttons[i].textContent.trim() === key) return buttons[i];
    }
    return null;
  }

  function decideOnClaimPage(key) {
    var form = document.querySelector("form.decide.full");
    if (!form) return;
    var radios = form.querySelectorAll("input[name=verdict]");
    for (var i = 0; i < radios.length; i++) {
      var kbd = radios[i].parentElement.querySelector("kbd");
      if (kbd && kbd.textContent.trim() === key) {
        radios[i].checked = true;
        if (form.reportValidity()) form.submit();
        return;
      }
    }
  }

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey || typing(event.target)) return;
    var key = event.key;
    var queue = document.querySelector("table.queue");
    if (queue) {
      if (key === "j") { move(1); event.preventDefault(); return; }
      if (key === "k") { move(-1); event.preventDefault(); return; }
      var row = selected();
      if (!row) return;
      if (key === "Enter" || key === "o") {
        location.href = row.getAttribute("data-href");
        event.preventDefault();
        return;
      }
      if (/^[1-9]$/.test(key)) {
        var form = row.querySelector("form.decide");
        var button = form ? verdictButton(form, key) : null;
        if (button) {
          sessionStorage.setItem("desk-selected", String(rows().indexOf(row)));
          button.click();
          event.preventDefault();
        }
      }
      return;
    }
    if (key === "j" || key === "k") {
      var link = document.getElementById(key === "j" ? "next" : "prev");
      if (link) { location.href = link.getAttribute("href"); event.preventDefault(); }
      return;
    }
    if (/^[1-9]$/.test(key)) {
      decideOnClaimPage(key);
      event.preventDefault();
    }
  });

  document.addEventListener("DOMContentLoaded", function () {
    // After a decision the queue reloads without that item: select the one now in its place.
    var all = rows();
    if (!all.length) return;
    var was = parseInt(sessionStorage.getItem("desk-selected") || "", 10);
    sessionStorage.removeItem("desk-selected");
    if (!isNaN(was)) select(all[Math.min(was, all.length - 1)]);
  });
})();
