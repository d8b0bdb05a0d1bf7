"use strict";
(function () {
  var fileSel = document.getElementById("filter-file");
  var checkSel = document.getElementById("filter-check");
  var lookBox = document.getElementById("filter-look");
  var count = document.getElementById("filter-count");
  function matches(el) {
    var f = fileSel.value, c = checkSel.value;
    if (f && el.getAttribute("data-file") !== f) return false;
    if (c && (" " + (el.getAttribute("data-checks") || "") + " ").indexOf(" " + c + " ") < 0) return false;
    if (lookBox.checked && el.getAttribute("data-look") !== "1") return false;
    return true;
  }
  function apply() {
    var shown = 0;
    document.querySelectorAll("[data-filterable]").forEach(function (el) {
      var ok = matches(el);
      el.hidden = !ok;
      if (ok && el.classList.contains("file")) shown += 1;
    });
    document.querySelectorAll("table.rows tbody tr").forEach(function (tr) {
      tr.hidden = lookBox.checked && tr.getAttribute("data-look") !== "1";
    });
    count.textContent = shown + " file(s) shown";
  }
  [fileSel, checkSel, lookBox].forEach(function (el) { el.addEventListener("change", apply); });
  apply();

  var dialog = document.getElementById("crop-dialog");
  var frame = document.getElementById("crop-frame");
  var caption = document.getElementById("crop-caption");
  var outline = document.getElementById("crop-outline");
  function openCrop(button) {
    var id = button.getAttribute("data-crop");
    var old = frame.querySelector("img");
    if (old) old.remove();
    var tip = document.getElementById(button.getAttribute("aria-describedby"));
    var words = (button.getAttribute("data-label") || "") + ": " + (tip ? tip.textContent : "");
    var template = id ? document.getElementById(id) : null;
    if (template) {
      var img = template.content.querySelector("img").cloneNode(true);
      img.id = "crop-image";
      img.style.width = Math.round(img.width * 1.5) + "px";  // a little larger than printed
      frame.insertBefore(img, outline);
      var box = (button.getAttribute("data-outline") || "0,0,0,0").split(",");
      outline.style.left = box[0] + "%";
      outline.style.top = box[1] + "%";
      outline.style.width = box[2] + "%";
      outline.style.height = box[3] + "%";
      outline.hidden = false;
      frame.hidden = false;
      caption.textContent = "Page " + template.getAttribute("data-page") + " — " + words;
    } else {
      frame.hidden = true;
      outline.hidden = true;
      caption.textContent = "No crop: " + (button.getAttribute("data-none") || "no page image") + ". " + words;
    }
    dialog.setAttribute("data-open-crop", id || "");
    dialog.showModal();
  }
  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("button.mark") : null;
    if (button) openCrop(button);
  });
  document.getElementById("crop-close").addEventListener("click", function () { dialog.close(); });
})();
document.querySelectorAll(".crop-frame[data-outline]").forEach(function (frame) {
  var box = frame.getAttribute("data-outline").split(",");
  var line = frame.querySelector(".crop-outline");
  line.style.left = box[0] + "%"; line.style.top = box[1] + "%";
  line.style.width = box[2] + "%"; line.style.height = box[3] + "%";
  line.hidden = false;
});
// Print every folded list (rows of a budget case, other tables), then fold them back.
var folded = [];
window.addEventListener("beforeprint", function () {
  folded = Array.from(document.querySelectorAll("details:not([open])"));
  folded.forEach(function (d) { d.open = true; });
});
window.addEventListener("afterprint", function () {
  folded.forEach(function (d) { d.open = false; });
});
