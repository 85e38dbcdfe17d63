// Question form: show the answer-key column for a single-answer question and the points column for
// a weighted one, following the "kind" radio buttons. Without JavaScript both columns stay visible
// (the server reads the one that fits the kind).
(function () {
  var form = document.querySelector("form[data-question-form]");
  if (!form) {
    return;
  }
  var radios = form.querySelectorAll('input[name="kind"]');
  if (!radios.length) {
    return; // editing: the kind is fixed and only its column is rendered
  }
  function update() {
    var checked = form.querySelector('input[name="kind"]:checked');
    var kind = checked ? checked.value : "";
    form.querySelectorAll("[data-kind-part]").forEach(function (element) {
      element.classList.toggle("d-none", kind !== "" && element.dataset.kindPart !== kind);
    });
  }
  radios.forEach(function (radio) {
    radio.addEventListener("change", update);
  });
  update();
})();
