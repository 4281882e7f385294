// Suggestions under every input that carries data-suggestions (a URL answering JSON items
// with a "label"): communes, organisations. Progressive enhancement: without JavaScript the
// server still understands what was typed.
(function () {
  "use strict";
  function attach(input) {
    var list = document.createElement("datalist");
    list.id = input.id + "-suggestions";
    input.setAttribute("list", list.id);
    input.insertAdjacentElement("afterend", list);
    var timer = null;
    var controller = null;
    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      var query = input.value.trim();
      if (query.length < 2) { return; }
      timer = window.setTimeout(function () {
        if (controller) { controller.abort(); }
        controller = new AbortController();
        fetch(input.dataset.suggestions + "?q=" + encodeURIComponent(query), { signal: controller.signal })
          .then(function (response) { return response.ok ? response.json() : []; })
          .then(function (items) {
            list.replaceChildren.apply(list, items.map(function (item) {
              var option = document.createElement("option");
              option.value = item.label;
              if (item.detail) { option.textContent = item.detail; }
              return option;
            }));
          })
          .catch(function () { /* aborted or offline: keep the previous suggestions */ });
      }, 200);
    });
  }
  document.querySelectorAll("input[data-suggestions]").forEach(attach);
})();
