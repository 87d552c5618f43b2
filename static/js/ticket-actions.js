// Ticket actions (detail page and rating page). CSP: no inline script, so every behaviour is here.
(function () {
  "use strict";

  // "Pilih Tindakan Anda": show only the options of the chosen action.
  document.querySelectorAll("form.work-form").forEach(function (form) {
    function sync() {
      var chosen = form.querySelector('input[name="tindakan"]:checked');
      var value = chosen ? chosen.value : "";
      form.querySelectorAll("[data-show-for]").forEach(function (block) {
        block.hidden = block.getAttribute("data-show-for") !== value;
      });
    }
    form.addEventListener("change", function (event) {
      if (event.target && event.target.name === "tindakan") {
        sync();
      }
    });
    sync();
  });

  // "Masalah Belum Terselesaikan" opens its reason form.
  document.querySelectorAll("[data-reveal]").forEach(function (button) {
    var panel = document.getElementById(button.getAttribute("data-reveal"));
    if (!panel) {
      return;
    }
    panel.hidden = !panel.classList.contains("is-open");
    button.addEventListener("click", function () {
      panel.hidden = !panel.hidden;
      button.setAttribute("aria-expanded", panel.hidden ? "false" : "true");
      if (!panel.hidden) {
        var area = panel.querySelector("textarea");
        if (area) {
          area.focus();
        }
      }
    });
  });

  // Rating: the stars light up to the chosen one; the question and the chips follow the stars.
  document.querySelectorAll("form.rating-form").forEach(function (form) {
    var stars = form.querySelector("[data-star-rating]");
    var hint = form.querySelector("[data-rating-hint]");
    function inRange(element, value) {
      var min = parseInt(element.getAttribute("data-min"), 10);
      var max = parseInt(element.getAttribute("data-max"), 10);
      return min <= value && value <= max;
    }
    function sync() {
      var chosen = form.querySelector('input[name="stars"]:checked');
      var value = chosen ? parseInt(chosen.value, 10) : 0;
      stars.querySelectorAll(".star-input").forEach(function (input) {
        var label = stars.querySelector('label[for="' + input.id + '"]');
        if (label) {
          label.classList.toggle("is-lit", parseInt(input.value, 10) <= value);
        }
      });
      if (hint) {
        hint.hidden = value > 0;
      }
      form.querySelectorAll(".rating-chip").forEach(function (chip) {
        var show = value > 0 && inRange(chip, value);
        chip.hidden = !show;
        if (!show) {
          var box = chip.querySelector("input");
          if (box) {
            box.checked = false;
          }
        }
      });
      form.querySelectorAll(".rating-group").forEach(function (group) {
        var visible = group.querySelector(".rating-chip:not([hidden])");
        var matches = group.hasAttribute("data-min") ? inRange(group, value) : false;
        group.hidden = value === 0 || !(matches || visible);
        var range = group.querySelector(".rating-range");
        if (range) {
          range.hidden = true;
        }
      });
    }
    if (stars) {
      form.addEventListener("change", function (event) {
        if (event.target && event.target.name === "stars") {
          sync();
        }
      });
      sync();
    }
  });
})();
