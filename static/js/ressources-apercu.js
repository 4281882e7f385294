// Admin of the resources: a « Prévisualiser » button under the content renders the Markdown
// being typed, through the same sanitiser as the public page. Without it, saving shows the
// preview too.
document.addEventListener("DOMContentLoaded", () => {
  const textarea = document.getElementById("id_contenu");
  if (!textarea) return;
  const csrf = document.querySelector("input[name=csrfmiddlewaretoken]");
  const url = window.location.pathname.replace(/(\/add|\/\d+\/change)\/$/, "/apercu/");
  const button = document.createElement("button");
  button.type = "button";
  button.className = "button";
  button.textContent = "Prévisualiser";
  const zone = document.createElement("div");
  zone.setAttribute("aria-live", "polite");
  zone.style.marginTop = "1em";
  zone.style.padding = "1em";
  zone.style.border = "1px solid var(--hairline-color, #ccc)";
  zone.hidden = true;
  button.addEventListener("click", async () => {
    const body = new FormData();
    body.append("contenu", textarea.value);
    const response = await fetch(url, {
      method: "POST",
      body,
      headers: { "X-CSRFToken": csrf ? csrf.value : "" },
      credentials: "same-origin",
    });
    zone.hidden = false;
    // The server sanitised this HTML (nh3) exactly as for the public page.
    zone.innerHTML = response.ok ? await response.text() : "L'aperçu n'a pas pu être calculé.";
  });
  // The admin lays a field's widgets out in a row: this block takes a line of its own.
  const block = document.createElement("div");
  block.style.flexBasis = "100%";
  block.style.marginTop = "0.5em";
  block.append(button, zone);
  textarea.after(block);
});
